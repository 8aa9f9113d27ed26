import { Module } from '@nestjs/common';
import { QueueWorkerModule } from '../infra/queue/queue-worker.module';
import { WorkerRecycler } from './worker-recycler';

/** The worker role: BullMQ consumers and scheduled jobs. Never serves HTTP. */
@Module({
  imports: [QueueWorkerModule],
  providers: [WorkerRecycler],
})
export class WorkerModule {}
