import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import { loadConfig } from '../../config/app-config';
import { RateLimitService } from './rate-limit.service';
import { redisTestNodes } from './testing/redis-test-nodes';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Each test uses fresh keys.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({
  RATE_LIMIT_USER_PER_MIN: '3',
  RATE_LIMIT_AUTH_PER_MIN: '3',
});
const nodeA = new RateLimitService(config, redisA);
const nodeB = new RateLimitService(config, redisB);

afterAll(dispose);

describe('RateLimitService', () => {
  it('lets the budget through, then rejects with RATE_LIMITED and a Retry-After', async () => {
    const key = randomUUID();
    for (let i = 0; i < 3; i++) await nodeA.consume('user', key);

    const error = await rejectionOf(nodeA.consume('user', key));

    expect(error.code).toBe(ErrorCode.RateLimited);
    expect(error.status).toBe(429);
    const retryAfter = error.headers['Retry-After'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('keeps separate budgets per key and per bucket', async () => {
    const key = randomUUID();
    for (let i = 0; i < 3; i++) await nodeA.consume('user', key);
    await expect(nodeA.consume('user', key)).rejects.toBeInstanceOf(AppException);

    await expect(nodeA.consume('user', randomUUID())).resolves.toBeUndefined();
    await expect(nodeA.consume('ip', key)).resolves.toBeUndefined();
    // The auth bucket has the same budget of 3: all of it is still there for this key.
    for (let i = 0; i < 3; i++) await expect(nodeA.consume('auth', key)).resolves.toBeUndefined();
  });

  it('shares one budget across nodes', async () => {
    const key = randomUUID();
    await nodeA.consume('user', key);
    await nodeB.consume('user', key);
    await nodeA.consume('user', key);

    expect((await rejectionOf(nodeB.consume('user', key))).code).toBe(ErrorCode.RateLimited);
    expect((await rejectionOf(nodeA.consume('user', key))).code).toBe(ErrorCode.RateLimited);
  });

  describe('consumeAhead', () => {
    /** Whether `promise` settled before the event loop could read any answer from Redis. */
    async function settledWithoutWaiting(promise: Promise<unknown>): Promise<boolean> {
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; i < 3; i++) await new Promise((resolve) => process.nextTick(resolve));
      return settled;
    }

    it('waits for Redis on a budget the node has no answer for yet, then not while more than half of it is left', async () => {
      const roomy = new RateLimitService(loadConfig({ REDIS_KEY_PREFIX: config.redis.keyPrefix, RATE_LIMIT_USER_PER_MIN: '10' }), redisA);
      const key = randomUUID();

      expect(await settledWithoutWaiting(roomy.consumeAhead('user', key))).toBe(false);
      await roomy.consume('user', key);
      // Two taken, eight left: three more go ahead of their answers (the fourth would leave only half).
      const ahead = [roomy.consumeAhead('user', key), roomy.consumeAhead('user', key), roomy.consumeAhead('user', key)];
      for (const charge of ahead) expect(await settledWithoutWaiting(charge)).toBe(true);
      expect(await settledWithoutWaiting(roomy.consumeAhead('user', key))).toBe(false);
    });

    it('gives out no more than the budget to a burst from one node', async () => {
      const roomy = new RateLimitService(loadConfig({ REDIS_KEY_PREFIX: config.redis.keyPrefix, RATE_LIMIT_USER_PER_MIN: '10' }), redisA);
      const key = randomUUID();
      await roomy.consume('user', key);

      const burst = await Promise.allSettled(Array.from({ length: 20 }, () => roomy.consumeAhead('user', key)));

      expect(burst.filter(({ status }) => status === 'fulfilled')).toHaveLength(9);
      expect((await rejectionOf(roomy.consumeAhead('user', key))).code).toBe(ErrorCode.RateLimited);
    });

    it('shares one budget across nodes to the last point when they take turns', async () => {
      const key = randomUUID();
      const admitted: boolean[] = [];
      for (let i = 0; i < 6; i++) {
        admitted.push(
          await (i % 2 ? nodeB : nodeA).consumeAhead('user', key).then(
            () => true,
            () => false,
          ),
        );
      }
      expect(admitted).toEqual([true, true, true, false, false, false]);
    });
  });
});
