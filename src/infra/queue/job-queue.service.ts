import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import type { RedisConnection } from '../redis/redis.clients';
import { JOB_QUEUE, JobName, type JobItem, type JobSchedule } from './jobs';
import { QueueName } from './queue-name';

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id already queued or running is not added again. */
  jobId?: string;
  delayMs?: number;
  priority?: number;
  /** Removes the job, and its data, as soon as it ends, even when it failed (an incognito turn's). */
  removeWhenDone?: boolean;
}

/** The one place that enqueues jobs and owns their retry/retention options. */
@Injectable()
export class JobQueueService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.AiHigh) aiHigh: Queue,
    @InjectQueue(QueueName.Extract) extract: Queue,
    @InjectQueue(QueueName.Index) index: Queue,
    private readonly config: AppConfig,
  ) {
    this.queues = { [QueueName.AiHigh]: aiHigh, [QueueName.Extract]: extract, [QueueName.Index]: index };
  }

  async enqueue(item: JobItem, options: EnqueueOptions = {}): Promise<string> {
    const queue = this.queues[JOB_QUEUE[item.name]];
    // add() rather than addBulk(): only add() honours jobId deduplication.
    const job = await queue.add(item.name, item.data, { ...jobOptions(item.name, this.config), ...toBullOptions(options) });
    return job.id ?? '';
  }

  /**
   * Queues the job once `first` has written what its worker must find (an answer's `started`
   * event), without waiting for that write's round trip where Redis allows: `first` writes on the
   * queue's own connection, and Redis runs one connection's commands in the order sent, so the
   * job is queued after the write, never before. On a Redis Cluster the two may live on different
   * nodes, so the job waits for the write there. Either way a failed write fails the enqueue (the
   * job may then be queued: its caller says so to the worker).
   */
  async enqueueAfter(first: (connection: RedisConnection) => Promise<unknown>, item: JobItem, options: EnqueueOptions = {}): Promise<string> {
    // BullMQ's Redis backend hands out the ioredis connection it queues with (behind a proxy that only adds methods).
    const connection = (await this.queues[JOB_QUEUE[item.name]].getBackend().client) as unknown as RedisConnection;
    const written = first(connection);
    if (connection instanceof Cluster) await written;
    const [, id] = await Promise.all([written, this.enqueue(item, options)]);
    return id;
  }

  /** Creates or updates a repeating job; BullMQ keeps one scheduler per id across all nodes. */
  async upsertSchedule({ item, everyMs }: JobSchedule): Promise<void> {
    const queue = this.queues[JOB_QUEUE[item.name]];
    await queue.upsertJobScheduler(item.name, { every: everyMs }, { name: item.name, data: item.data, opts: jobOptions(item.name, this.config) });
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}

function toBullOptions(options: EnqueueOptions): JobsOptions {
  return {
    jobId: options.jobId,
    delay: options.delayMs,
    priority: options.priority,
    ...(options.removeWhenDone ? { removeOnComplete: true, removeOnFail: true } : {}),
  };
}

/** Retries with backoff; completed jobs trimmed, failed ones kept a week for inspection. */
function jobOptions(name: JobName, config: AppConfig): JobsOptions {
  const base: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
  switch (name) {
    case JobName.PurgeExpiredTokens:
      return { ...base, attempts: 5 };
    case JobName.ProcessMessage:
      // An answer streams as it is made: a blind retry would repeat output the user already saw.
      // Failures end the stream with an `error` event instead. A dead worker's stalled job is run
      // again (QUEUE_MAX_STALLED_COUNT times), which answers from the start after a `reset`
      // (MessagePipeline.restart). No priority: BullMQ runs those first.
      return { ...base, attempts: 1 };
    case JobName.RefreshChatSummary:
      return { ...base, priority: 10 };
    case JobName.DeliverWebhook:
      // Receivers go down for minutes, not seconds: by default 5 attempts over about 7.5 minutes.
      return { ...base, attempts: config.webhooks.maxAttempts, backoff: { type: 'exponential', delay: config.webhooks.retryDelayMs } };
    case JobName.DeliverChannelMessage:
      // Channels' APIs and mail servers fail for minutes at a time: about two minutes of retries.
      return { ...base, attempts: 6, backoff: { type: 'exponential', delay: 2_000 } };
    case JobName.WhatsAppInbound:
      // Media downloads and the database fail for minutes at a time, and Meta does not send a
      // message again once its webhook was answered: about four minutes of retries.
      return { ...base, attempts: 8, backoff: { type: 'exponential', delay: 2_000 } };
    case JobName.ExtractFile:
      // A document that cannot be read fails its file without throwing; only storage or database
      // trouble throws, and is retried. The last failed attempt fails the file (FileTextService).
      return base;
    case JobName.VectorizeFile:
      // A remote embedding model may be down for a minute: about a minute of retries before the
      // last failed attempt fails the file (VectorizeFileJob).
      return { ...base, attempts: 5, backoff: { type: 'exponential', delay: 2_000 } };
    case JobName.RevectorizeOwner:
      return base;
    case JobName.CrawlWidgetSource:
      // A site that cannot be read fails its source without throwing; only database or index
      // trouble throws, and is retried (the crawl starts over). The last failed attempt fails it.
      return base;
    case JobName.ExtractMemories:
      // A bad model answer is ignored, not retried; a provider that is down is, for about a minute.
      return { ...base, attempts: 4, backoff: { type: 'exponential', delay: 5_000 }, priority: 20 };
    case JobName.IndexMemories:
    case JobName.IndexFeedback:
      return base;
  }
}
