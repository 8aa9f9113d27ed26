import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, WorkerOptions } from 'bullmq';
import { hostname } from 'node:os';
import { AppConfig } from '../../config/app-config';
import { MetricsService, type JobOutcome } from '../../modules/metrics/metrics.service';
import { JobHandlerRegistry } from './job-handler.registry';
import { QueueName } from './queue-name';

/**
 * One BullMQ worker per queue; each hands its jobs to the registry by name, and tells it of every
 * failed attempt (JobHandler.failed), including those BullMQ fails without running them.
 */
@Injectable()
abstract class QueueProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** A getter, not a field: the constructor needs it before a subclass's fields exist. */
  protected abstract get queueName(): QueueName;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.declareLockOptions();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    this.worker.on('failed', (job, error) => {
      if (job) void this.registry.failed(job, error);
    });
    this.worker.on('lockRenewalFailed', (jobIds) => this.registry.lockLost(this.queueName, jobIds));
  }

  /**
   * A worker shutting down finishes its jobs in hand before anything else closes. Nest closes the
   * workers in the same stage as the queues and the Redis and database connections, so a job
   * finishing meanwhile could not queue its follow-up work (a memory extraction, a summary: lost,
   * with the job failed after its answer was delivered).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /**
   * Nest builds each worker from its class's @Processor options once every provider exists, and
   * BullMQ fixes the lock timings as the worker is built: they are declared here, from the
   * configuration. The worker's name, `<host>:<pid>`, is kept on each job it takes (`processedBy`),
   * which says where a job ran, or was running when its process died.
   */
  private declareLockOptions(): void {
    const { lockDurationMs, stalledIntervalMs, maxStalledCount } = this.config.worker;
    const options: Omit<WorkerOptions, 'connection'> = {
      name: `${hostname()}:${process.pid}`,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount,
    };
    Processor(this.queueName, options)(this.constructor);
  }

  async process(job: Job): Promise<unknown> {
    const startedAt = Date.now();
    // Only a first start waited for a worker since it could run (after its delay, if any); a retry
    // or a stalled job's rerun would count earlier attempts and backoffs as waiting.
    if (job.attemptsStarted <= 1) this.metrics.observeJobWait(this.queueName, job.name, Math.max(0, startedAt - job.timestamp - (job.opts.delay ?? 0)) / 1000);
    let outcome: JobOutcome = 'failed';
    try {
      const result = await this.registry.dispatch(this.queueName, job);
      outcome = 'completed';
      return result;
    } finally {
      this.metrics.observeJobRun(this.queueName, job.name, outcome, (Date.now() - startedAt) / 1000);
    }
  }
}

@Processor(QueueName.AiHigh)
export class AiHighProcessor extends QueueProcessor {
  protected get queueName(): QueueName {
    return QueueName.AiHigh;
  }
}

@Processor(QueueName.Extract)
export class ExtractProcessor extends QueueProcessor {
  protected get queueName(): QueueName {
    return QueueName.Extract;
  }
}

@Processor(QueueName.Index)
export class IndexProcessor extends QueueProcessor {
  protected get queueName(): QueueName {
    return QueueName.Index;
  }
}

export const QUEUE_PROCESSORS = [AiHighProcessor, ExtractProcessor, IndexProcessor];
