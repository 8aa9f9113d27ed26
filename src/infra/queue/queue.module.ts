import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobQueueService } from './job-queue.service';
import { QUEUE_NAMES } from './queue-name';

/** Producer side of the queues, in every role: both web and worker enqueue. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // BullMQ opens (and closes) its own connections; workers need unlimited retries per request.
        connection: { url: config.redis.url, maxRetriesPerRequest: null },
        prefix: `${config.redis.keyPrefix}bull`,
      }),
    }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [JobQueueService],
  exports: [JobQueueService],
})
export class QueueModule {}
