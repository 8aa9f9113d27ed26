import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { LoginThrottle } from './login-throttle.service';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Each test uses fresh emails.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP: '2',
  LOGIN_FAILURES_PER_ACCOUNT: '5',
  LOGIN_BACKOFF_MAX_S: '4',
});
const nodeA = new LoginThrottle(redisA, config);
const nodeB = new LoginThrottle(redisB, config);

afterAll(dispose);

const freshEmail = (): string => `${randomUUID()}@example.com`;

/** The Retry-After (s) this IP is told for this account, or 0 when it may try now. */
async function retryAfterS(throttle: LoginThrottle, email: string, ip: string): Promise<number> {
  try {
    await throttle.assertMayTry(email, ip);
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe(ErrorCode.RateLimited);
    return Number((error as AppException).headers['Retry-After']);
  }
}

async function fail(throttle: LoginThrottle, email: string, ip: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await throttle.recordFailure(email, ip);
}

describe('LoginThrottle', () => {
  it('lets an IP fail up to its threshold, then makes it wait, doubling up to the cap', async () => {
    const email = freshEmail();

    await fail(nodeA, email, '10.0.0.1', 1);
    expect(await retryAfterS(nodeA, email, '10.0.0.1')).toBe(0);

    const waits = [];
    for (let i = 0; i < 4; i++) {
      await nodeA.recordFailure(email, '10.0.0.1');
      waits.push(await retryAfterS(nodeA, email, '10.0.0.1'));
    }
    expect(waits).toEqual([1, 2, 4, 4]);
  });

  it('makes only that IP wait while the account is below its own threshold', async () => {
    const email = freshEmail();
    await fail(nodeA, email, '10.0.0.1', 2);

    expect(await retryAfterS(nodeA, email, '10.0.0.1')).toBeGreaterThan(0);
    expect(await retryAfterS(nodeA, email, '10.0.0.2')).toBe(0);
    expect(await retryAfterS(nodeA, freshEmail(), '10.0.0.1')).toBe(0);
  });

  it("forgets an IP's failures once it logs in", async () => {
    const email = freshEmail();
    await fail(nodeA, email, '10.0.0.1', 1);
    await nodeA.recordSuccess(email, '10.0.0.1');
    await fail(nodeA, email, '10.0.0.1', 1);

    expect(await retryAfterS(nodeA, email, '10.0.0.1')).toBe(0);
  });

  it("slows every new IP once failures from many IPs pass the account threshold, but not the owner's", async () => {
    const email = freshEmail();
    await nodeA.recordSuccess(email, '192.0.2.10');
    for (const ip of ['10.0.1.1', '10.0.1.2']) await fail(nodeA, email, ip, 2);
    expect(await retryAfterS(nodeA, email, '10.0.9.9')).toBe(0);

    await fail(nodeB, email, '10.0.1.3', 1);

    expect(await retryAfterS(nodeA, email, '10.0.9.9')).toBeGreaterThan(0);
    expect(await retryAfterS(nodeB, email, '10.0.9.9')).toBeGreaterThan(0);
    expect(await retryAfterS(nodeA, email, '192.0.2.10')).toBe(0);
  });

  it('does not let one address alone slow the account down for everyone', async () => {
    const email = freshEmail();

    await fail(nodeA, email, '10.0.2.1', 20);

    expect(await retryAfterS(nodeA, email, '10.0.2.1')).toBeGreaterThan(0);
    expect(await retryAfterS(nodeA, email, '10.0.2.2')).toBe(0);
  });

  it('spells the email nowhere in Redis', async () => {
    const email = `Grace.Hopper.${randomUUID()}@Example.com`;
    await fail(nodeA, email, '10.0.3.1', 3);
    await nodeA.recordSuccess(email, '10.0.3.2');

    const keys = await redisA.app.keys(`${config.redis.keyPrefix}login:*`);
    expect(keys.length).toBeGreaterThan(0);
    const values = await Promise.all(keys.map((key) => redisA.app.get(key)));
    expect(JSON.stringify([keys, values]).toLowerCase()).not.toContain('grace.hopper');
  });

  it('counts an address in any case or padding as the same account', async () => {
    const email = freshEmail();
    await fail(nodeA, email.toUpperCase(), '10.0.4.1', 1);
    await fail(nodeA, ` ${email} `, '10.0.4.1', 1);

    expect(await retryAfterS(nodeA, email, '10.0.4.1')).toBeGreaterThan(0);
  });
});
