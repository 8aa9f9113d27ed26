import type { RedisClients } from '../redis/redis.clients';

/**
 * The Redis key (or pub/sub channel) of one part of a track: its event stream, live channel,
 * control facts, owner. The track id is their hash tag, so on a Redis Cluster a track's keys share
 * one slot: a script or MGET may take several of them at once.
 */
export function trackKey(redis: RedisClients, trackId: string, part: string): string {
  return redis.key('track', `{${trackId}}`, part);
}
