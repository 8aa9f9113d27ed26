import { QueueName } from './queue-name';

/** Job names, as stored in Redis: never rename, only add. Each belongs to exactly one queue. */
export enum JobName {
  PurgeExpiredTokens = 'auth.purge-expired-tokens',
}

/** The payload of each job: ids and small values, never whole documents. */
export interface JobPayloads {
  [JobName.PurgeExpiredTokens]: { olderThanS?: number };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredTokens]: QueueName.AiHigh,
};

export type JobPayload<N extends JobName> = JobPayloads[N];

/** One enqueueable job: a union discriminated by name, so payload and name always agree. */
export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** A job the worker role runs on a fixed period (one schedule per name, cluster-wide). */
export interface JobSchedule {
  item: JobItem;
  everyMs: number;
}

export const JOB_SCHEDULES: readonly JobSchedule[] = [
  { item: { name: JobName.PurgeExpiredTokens, data: {} }, everyMs: 3600_000 },
];
