import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
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
});
