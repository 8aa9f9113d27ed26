import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobScheduler } from './job-scheduler';
import { QUEUE_PROCESSORS } from './queue.processors';

/** Consumer side of the queues: imported only by the worker role. */
@Module({
  imports: [DiscoveryModule],
  providers: [JobHandlerRegistry, JobScheduler, ...QUEUE_PROCESSORS],
  exports: [JobHandlerRegistry],
})
export class QueueWorkerModule {}
