import type { EnqueueOptions } from './job-queue.service';

/**
 * Options that fold a burst of enqueues into one job that still sees the last change: every enqueue
 * within one period of `periodMs` gets the same job id, and the job is delayed by one period, so it
 * starts after the period ends and reads the state left by every change of its burst. A change
 * after that starts a new period and a new job. For jobs that rebuild something from the database
 * (an index), where running once more than needed is harmless and running too early is not.
 */
export function debounced(key: string, periodMs: number, now = Date.now()): EnqueueOptions {
  return { jobId: `${key}-${Math.floor(now / periodMs)}`, delayMs: periodMs };
}
