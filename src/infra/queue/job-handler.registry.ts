import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { UnrecoverableError, type Job } from 'bullmq';
import { HandlesJob, type JobHandler } from './job-handler';
import { JOB_QUEUE, JobName, type JobPayload } from './jobs';
import type { QueueName } from './queue-name';

/**
 * Finds every `@HandlesJob` provider at boot and routes jobs to them. Boot fails when a job name
 * has no handler (or two), so a deploy can never silently drop a kind of job.
 */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobHandlerRegistry.name);
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  /** The jobs `handle` is running in this process, by queue and id (for `lockLost`). */
  private readonly running = new Map<string, Job>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: HandlesJob.KEY })) {
      const name = this.discovery.getMetadataByDecorator(HandlesJob, wrapper);
      if (name === undefined) continue;
      if (this.handlers.has(name)) throw new Error(`Job "${name}" has two handlers`);
      this.handlers.set(name, wrapper.instance as JobHandler<JobName>);
    }
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`Job names without a handler: ${missing.join(', ')}`);
  }

  async dispatch(queue: QueueName, job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    // Retrying cannot fix a job that no handler knows or that sits on the wrong queue.
    if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
    if (JOB_QUEUE[name] !== queue) throw new UnrecoverableError(`Job "${job.name}" does not belong on ${queue}`);
    this.logger.debug(`${queue} ${job.name}#${job.id} attempt ${job.attemptsMade + 1}`);
    const key = runningKey(queue, job.id);
    this.running.set(key, job);
    try {
      return await handler.handle(job.data as JobPayload<JobName>, job as Job<JobPayload<JobName>>);
    } finally {
      if (this.running.get(key) === job) this.running.delete(key);
    }
  }

  /** Tells the handlers of the jobs running here whose locks this worker could not renew (JobHandler.lockLost). */
  lockLost(queue: QueueName, jobIds: readonly string[]): void {
    for (const id of jobIds) {
      const job = this.running.get(runningKey(queue, id));
      if (!job) continue;
      this.logger.warn(`${queue} ${job.name}#${id}: lost its lock (this worker was taken for dead); the job runs again elsewhere`);
      this.handlers.get(job.name as JobName)?.lockLost?.(job.data as JobPayload<JobName>, job as Job<JobPayload<JobName>>);
    }
  }

  /** Tells the job's handler that an attempt failed (JobHandler.failed). Never throws. */
  async failed(job: Job, error: Error): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    try {
      await handler?.failed?.(job.data as JobPayload<JobName>, job as Job<JobPayload<JobName>>, error);
    } catch (cleanup) {
      this.logger.error(`${job.name}#${job.id}: could not clean up after its failure: ${(cleanup as Error).message}`);
    }
  }
}

function runningKey(queue: QueueName, jobId: string | undefined): string {
  return `${queue}:${jobId ?? ''}`;
}
