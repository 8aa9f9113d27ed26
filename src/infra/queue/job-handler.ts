import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { JobName, JobPayload } from './jobs';

/** A worker-side handler for one job name. Must be idempotent: delivery is at-least-once. */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayload<N>, job: Job<JobPayload<N>>): Promise<unknown>;
  /**
   * Told on the worker where an attempt of the job failed, whether it will be retried or not. This
   * includes a job BullMQ failed without running `handle` (`job.deferredFailure`: it stalled more
   * often than QUEUE_MAX_STALLED_COUNT allows, its workers having died), which only this can clean
   * up after. Errors are logged, never rethrown.
   */
  failed?(payload: JobPayload<N>, job: Job<JobPayload<N>>, error: Error): Promise<void>;
  /**
   * Told when the worker running the job could not renew its lock on it: the worker was taken for
   * dead (stalled past QUEUE_LOCK_DURATION_MS) and the job runs again elsewhere, or soon will. The
   * `handle` still running here should stop, doing nothing more that the other run will do.
   */
  lockLost?(payload: JobPayload<N>, job: Job<JobPayload<N>>): void;
}

/** Marks a provider as the handler of a job name; the worker discovers it at boot. */
export const HandlesJob = DiscoveryService.createDecorator<JobName>();
