import type { RedisOptions } from 'ioredis';

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * How the application's Redis connections ride out an outage (a restart, a failover). ioredis
 * reconnects for ever, backing off to 1 s, and re-subscribes subscriber connections by itself.
 * A command issued meanwhile waits for the next reconnection attempt (up to 1 s, or the connect
 * timeout when the host does not answer at all) and then fails: a short restart goes unnoticed,
 * a longer outage fails the requests that need Redis with 503 (a request makes several commands
 * one after another, so each must give up quickly) instead of hanging until it is back, and
 * /api/health reports `redis: down` while it lasts. BullMQ's connections are not these: its
 * workers must wait for ever (`maxRetriesPerRequest: null`, src/infra/queue/queue.module.ts).
 */
export const COMMAND_CONNECTION_RECONNECTION: Pick<RedisOptions, 'retryStrategy' | 'maxRetriesPerRequest' | 'connectTimeout'> = {
  retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  maxRetriesPerRequest: 1,
  connectTimeout: 5_000,
};
