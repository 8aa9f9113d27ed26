import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { RedisClients } from '../redis/redis.clients';
import { JobQueueService } from './job-queue.service';
import { QUEUE_NAMES } from './queue-name';

/** Producer side of the queues, in every role: both web and worker enqueue. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [RedisClients],
      // The connection and prefix depend on the Redis mode (one Redis, Sentinel or Cluster): see there.
      useFactory: (redis: RedisClients) => ({ connection: redis.queueConnection(), prefix: redis.queuePrefix() }),
    }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [JobQueueService],
  exports: [JobQueueService],
})
export class QueueModule {}
