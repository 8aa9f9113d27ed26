import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { JobName, JobPayload } from './jobs';

/** A worker-side handler for one job name. Must be idempotent: delivery is at-least-once. */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayload<N>, job: Job<JobPayload<N>>): Promise<unknown>;
}

/** Marks a provider as the handler of a job name; the worker discovers it at boot. */
export const HandlesJob = DiscoveryService.createDecorator<JobName>();
