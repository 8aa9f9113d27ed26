import type { RedisClients } from '../redis/redis.clients';

/**
 * The Redis pub/sub channel prefix that socket.io's Redis adapter (on web nodes) and every
 * publisher (any role) must share, or publications never meet their subscribers. Pub/sub channels
 * ignore the logical DB, so it carries the installation's key prefix: installations (and test
 * suites) sharing one Redis must not hear each other's rooms.
 */
export function socketIoRedisKey(redis: RedisClients): string {
  return redis.key('socket.io');
}

/**
 * The pub/sub channel of one room in the default namespace: both adapters (the classic one's
 * PUBLISH and the sharded one's SPUBLISH) send a broadcast to a single room there. On a Redis
 * Cluster a shard channel lives in a hash slot like a key does.
 */
export function roomPubSubChannel(redis: RedisClients, room: string): string {
  return `${socketIoRedisKey(redis)}#/#${room}#`;
}
