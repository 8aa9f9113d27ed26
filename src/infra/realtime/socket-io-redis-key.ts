import type { RedisClients } from '../redis/redis.clients';

/**
 * The Redis pub/sub channel prefix that socket.io's Redis adapter (on web nodes) and every
 * @socket.io/redis-emitter (any role that publishes) must share, or publications never meet their
 * subscribers. Pub/sub channels ignore the logical DB, so it carries the installation's key prefix:
 * installations (and test suites) sharing one Redis must not hear each other's rooms.
 */
export function socketIoRedisKey(redis: RedisClients): string {
  return redis.key('socket.io');
}
