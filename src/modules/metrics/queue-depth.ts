import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { TtlCache } from '../../common/ttl-cache';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { QUEUE_NAMES, type QueueName } from '../../infra/queue/queue-name';
import { MetricsService } from './metrics.service';

/** The states reported; `prioritized` holds waiting jobs that carry a priority (BullMQ keeps them apart). */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/** Scrapes from several Prometheus servers (or a dashboard refreshing) within this share one read. */
const COUNTS_TTL_MS = 5_000;
/** A scrape must not hang on a Redis that does not answer (BullMQ's connection waits for it forever). */
const COUNTS_TIMEOUT_MS = 2_000;

type QueueCounts = Record<QueueName, Record<string, number>>;

/**
 * `switchboard_queue_jobs{queue,state}`: the jobs in each queue by state, read from Redis when
 * scraped (at most every 5 s). The counts are the cluster's, not this process's: every process
 * reports the same numbers, so query them with max(), not sum().
 */
@Injectable()
export class QueueDepthMetrics {
  private readonly logger = new Logger(QueueDepthMetrics.name);
  private readonly cache = new TtlCache<QueueCounts>(COUNTS_TTL_MS, 1);

  constructor(
    metrics: MetricsService,
    private readonly queues: JobQueueService,
  ) {
    const read = (): Promise<QueueCounts> => this.cache.get('counts', () => this.readCounts());
    const logger = this.logger;
    new Gauge({
      name: 'switchboard_queue_jobs',
      help: 'Jobs in each queue by state, across the cluster (the same in every process: aggregate with max).',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        try {
          const counts = await read();
          for (const queue of QUEUE_NAMES) for (const state of QUEUE_STATES) this.set({ queue, state }, counts[queue][state] ?? 0);
        } catch (error) {
          // No numbers rather than stale ones: a gap in the series shows the outage.
          logger.warn(`queue depth not read: ${(error as Error).message}`);
        }
      },
    });
  }

  private async readCounts(): Promise<QueueCounts> {
    const entries = await within(
      Promise.all(QUEUE_NAMES.map(async (name) => [name, await this.queues.queue(name).getJobCounts(...QUEUE_STATES)] as const)),
      COUNTS_TIMEOUT_MS,
    );
    return Object.fromEntries(entries) as QueueCounts;
  }
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
