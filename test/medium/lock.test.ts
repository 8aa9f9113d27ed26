import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockService } from '../../src/infra/redis/lock.service';
import { TestEnvironment } from '../support/test-environment';
import { startWorkerApp } from '../support/test-app';

/** Two application instances (two "nodes") contend for the same cluster-wide lock. */
describe('cluster lock across two instances', () => {
  let env: TestEnvironment;
  let nodes: INestApplicationContext[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create();
    nodes = await Promise.all([startWorkerApp(env.config()), startWorkerApp(env.config())]);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await env?.dispose();
  });

  it('admits exactly one holder at a time', async () => {
    const [a, b] = nodes.map((node) => node.get(LockService));
    if (!a || !b) throw new Error('two nodes expected');

    const held = await a.tryAcquire('medium:resource', 5_000);
    expect(held).not.toBeNull();
    expect(await b.tryAcquire('medium:resource', 5_000)).toBeNull();
    await expect(b.withLock('medium:resource', () => Promise.resolve('never'), { waitMs: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    if (held) await a.release(held);
    expect(await b.withLock('medium:resource', () => Promise.resolve('got it'), { waitMs: 0 })).toBe('got it');

    let inside = 0;
    let maxInside = 0;
    const critical = async (): Promise<void> => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise((resolve) => setImmediate(resolve));
      inside--;
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).withLock('medium:counter', critical, { waitMs: 10_000 })));
    expect(maxInside).toBe(1);
  });
});
