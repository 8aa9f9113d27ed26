import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import { LeasedSlots } from '../../infra/redis/leased-slots';
import { RedisClients } from '../../infra/redis/redis.clients';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { TRACK_TTL_S } from '../../infra/stream/track-stream.service';
import { GenerationSlots } from './generation-slots.service';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Each test uses a fresh user.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({ MAX_CONCURRENT_GENERATIONS_PER_USER: '3' });
const nodeA = new GenerationSlots(config, redisA, new LeasedSlots());
const nodeB = new GenerationSlots(config, redisB, new LeasedSlots());

afterAll(dispose);

/** Takes `count` slots for `userId` and returns their track ids. */
async function fill(userId: string, count: number, node = nodeA): Promise<string[]> {
  const tracks = Array.from({ length: count }, () => randomUUID());
  for (const trackId of tracks) await node.acquire(userId, trackId);
  return tracks;
}

const slotsKey = (userId: string): string => redisA.key('generations', userId);

describe('GenerationSlots', () => {
  it('hands out the limit, then refuses with TOO_MANY_GENERATIONS, a Retry-After and a human message', async () => {
    const userId = randomUUID();
    await fill(userId, 3);

    const error = await rejectionOf(nodeA.acquire(userId, randomUUID()));

    expect(error.code).toBe(ErrorCode.TooManyGenerations);
    expect(error.status).toBe(429);
    expect(Number(error.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(error.message).toContain('3');
  });

  it('takes a freed slot again once one is released', async () => {
    const userId = randomUUID();
    const [first] = await fill(userId, 3);
    await expect(nodeA.acquire(userId, randomUUID())).rejects.toBeInstanceOf(AppException);

    await nodeA.release(userId, first ?? '');

    await expect(nodeA.acquire(userId, randomUUID())).resolves.toBeUndefined();
    await expect(nodeA.acquire(userId, randomUUID())).rejects.toBeInstanceOf(AppException);
  });

  it('counts per user', async () => {
    const busy = randomUUID();
    await fill(busy, 3);

    await expect(nodeA.acquire(randomUUID(), randomUUID())).resolves.toBeUndefined();
  });

  it('shares the slots across nodes: taken on one, refused and released on another', async () => {
    const userId = randomUUID();
    const tracks = await fill(userId, 2, nodeA);
    await nodeB.acquire(userId, randomUUID());

    expect((await rejectionOf(nodeA.acquire(userId, randomUUID()))).code).toBe(ErrorCode.TooManyGenerations);
    await nodeB.release(userId, tracks[0] ?? '');
    await expect(nodeA.acquire(userId, randomUUID())).resolves.toBeUndefined();
  });

  it('leases each slot for the life of a track, and keeps the key no longer than its newest lease', async () => {
    const userId = randomUUID();
    const redisNowMs = async (): Promise<number> => {
      const [seconds, micros] = await redisA.app.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    };

    const before = await redisNowMs();
    const [trackId] = await fill(userId, 1);
    const after = await redisNowMs();

    const leaseEnd = Number(await redisA.app.zscore(slotsKey(userId), trackId ?? ''));
    expect(leaseEnd).toBeGreaterThanOrEqual(before + TRACK_TTL_S * 1000);
    expect(leaseEnd).toBeLessThanOrEqual(after + TRACK_TTL_S * 1000);
    const ttlMs = await redisA.app.pttl(slotsKey(userId));
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(TRACK_TTL_S * 1000);
  });

  it('does not throw when Redis cannot be reached to release', async () => {
    const disconnected = new RedisClients(config);
    disconnected.app.disconnect();
    const slots = new GenerationSlots(config, disconnected, new LeasedSlots());

    await expect(slots.release(randomUUID(), randomUUID())).resolves.toBeUndefined();
  });
});
