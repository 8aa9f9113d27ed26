import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { loadConfig } from '../../config/app-config';
import { LockService } from './lock.service';
import { RedisClients } from './redis.clients';
import { redisTestNodes } from './testing/redis-test-nodes';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes();
const locksA = new LockService(redisA);
const locksB = new LockService(redisB);

let counter = 0;
const resource = (): string => `spec-resource-${++counter}`;

afterAll(dispose);

describe('LockService', () => {
  it('runs the work, returns its result and releases the lock', async () => {
    const name = resource();

    await expect(locksA.withLock(name, () => Promise.resolve('done'))).resolves.toBe('done');

    expect(await redisA.app.exists(redisA.key('lock', name))).toBe(0);
    await expect(locksB.withLock(name, () => Promise.resolve('again'), { waitMs: 0 })).resolves.toBe('again');
  });

  it('keeps other nodes out while the lock is held', async () => {
    const name = resource();
    const held = await locksA.tryAcquire(name);
    expect(held).not.toBeNull();

    expect(await locksB.tryAcquire(name)).toBeNull();
    let ran = false;
    const error = await locksB
      .withLock(name, () => {
        ran = true;
        return Promise.resolve();
      }, { waitMs: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe(ErrorCode.Conflict);
    expect(ran).toBe(false);

    await locksA.release(held!);
    const next = await locksB.tryAcquire(name);
    expect(next).not.toBeNull();
    await locksB.release(next!);
  });

  it('never lets concurrent holders overlap', { timeout: 30_000 }, async () => {
    const name = resource();
    let inside = 0;
    let maxInside = 0;
    let finished = 0;

    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? locksA : locksB).withLock(name, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(20);
          inside--;
          finished++;
        }, { waitMs: 20_000 }),
      ),
    );

    expect(finished).toBe(8);
    expect(maxInside).toBe(1);
  });

  it('releases the lock when the work throws, and passes the error on', async () => {
    const name = resource();
    const failure = new Error('work failed');

    await expect(locksA.withLock(name, () => Promise.reject(failure))).rejects.toBe(failure);

    // The TTL is 10 s: getting the lock at once means it was released, not expired.
    const next = await locksB.tryAcquire(name);
    expect(next).not.toBeNull();
    await locksB.release(next!);
  });

  it('returns the work\'s result even when the lease vanished before release', async () => {
    const name = resource();
    const result = await locksA.withLock(name, async () => {
      await redisA.app.del(redisA.key('lock', name));
      return 'ok';
    });
    expect(result).toBe('ok');
  });

  it('keeps its lock keys in the Redis DB that REDIS_URL names', async () => {
    const inDb5 = new RedisClients(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/5', REDIS_KEY_PREFIX: config.redis.keyPrefix }));
    const locks = new LockService(inDb5);
    const name = resource();
    try {
      const held = await locks.tryAcquire(name);
      expect(await inDb5.app.exists(inDb5.key('lock', name))).toBe(1);
      expect(await redisA.app.exists(redisA.key('lock', name))).toBe(0);
      if (held) await locks.release(held);
    } finally {
      await inDb5.onApplicationShutdown();
    }
  });
});
