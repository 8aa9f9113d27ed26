import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LeasedSlots, type SlotLeases } from './leased-slots';
import { RedisClients } from './redis.clients';
import { redisTestNodes } from './testing/redis-test-nodes';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Each test uses a fresh key.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes();
const leasedSlots = new LeasedSlots();
const nodeA = leasedSlots.on(redisA.app);
const nodeB = new LeasedSlots().on(redisB.app);

afterAll(dispose);

const LIMIT = 3;
const LEASE_MS = 60_000;
const freshKey = (): string => redisA.key('slots', randomUUID());

/** Takes `count` slots under `key` and returns their members. */
async function fill(key: string, count: number, node = nodeA): Promise<string[]> {
  const members = Array.from({ length: count }, () => randomUUID());
  for (const member of members) expect(await node.acquire(key, member, LIMIT, LEASE_MS)).toBe(true);
  return members;
}

const take = (key: string, node: SlotLeases = nodeA): Promise<boolean> => node.acquire(key, randomUUID(), LIMIT, LEASE_MS);

async function redisNowMs(): Promise<number> {
  const [seconds, micros] = await redisA.app.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Lets `member`'s lease run out, as if its holder had died long ago. */
async function lapse(key: string, member: string): Promise<void> {
  await redisA.app.zadd(key, 'XX', 1, member);
}

describe('LeasedSlots', () => {
  it('hands out the limit per key, then refuses', async () => {
    const key = freshKey();
    await fill(key, LIMIT);

    expect(await take(key)).toBe(false);
    expect(await take(freshKey())).toBe(true);
  });

  it('gives one set of slots per connection, whatever asks for it', () => {
    expect(leasedSlots.on(redisA.app)).toBe(nodeA);
  });

  it('never hands out more than the limit to simultaneous callers on several nodes', async () => {
    const key = freshKey();

    const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => take(key, i % 2 ? nodeA : nodeB)));

    expect(taken.filter(Boolean)).toHaveLength(LIMIT);
    expect(await redisA.app.zcard(key)).toBe(LIMIT);
  });

  it('drops lapsed leases before counting, so a holder that never gave its slot back does not keep it', async () => {
    const key = freshKey();
    const [dead] = await fill(key, LIMIT);
    await lapse(key, dead ?? '');

    expect(await take(key)).toBe(true);
    expect(await redisA.app.zscore(key, dead ?? '')).toBeNull();
    expect(await take(key)).toBe(false);
  });

  it("leases by Redis's clock, and keeps the key no longer than its newest lease", async () => {
    const key = freshKey();

    const before = await redisNowMs();
    const [member] = await fill(key, 1);
    const after = await redisNowMs();

    const leaseEnd = Number(await redisA.app.zscore(key, member ?? ''));
    expect(leaseEnd).toBeGreaterThanOrEqual(before + LEASE_MS);
    expect(leaseEnd).toBeLessThanOrEqual(after + LEASE_MS);
    const ttlMs = await redisA.app.pttl(key);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(LEASE_MS);
  });

  it('frees a slot on release, on any node; releasing twice, or a slot never taken, is harmless', async () => {
    const key = freshKey();
    const [first] = await fill(key, LIMIT);

    await nodeB.release(key, first ?? '');
    await nodeA.release(key, first ?? '');
    await nodeA.release(key, randomUUID());

    // Exactly one slot came free: the other two are still held.
    expect(await take(key)).toBe(true);
    expect(await take(key)).toBe(false);
  });

  it('renews leases from now in one call per key, taking back slots that lapsed even past the limit', async () => {
    const key = freshKey();
    const held = await fill(key, LIMIT);
    await lapse(key, held[0] ?? '');
    expect(await take(key)).toBe(true); // takes the slot that lapsed: the key is full again
    const before = await redisNowMs();

    await nodeB.renew(key, held, 2 * LEASE_MS);

    for (const member of held) expect(Number(await redisA.app.zscore(key, member))).toBeGreaterThanOrEqual(before + 2 * LEASE_MS);
    expect(await redisA.app.zcard(key)).toBe(LIMIT + 1);
    expect(await redisA.app.pttl(key)).toBeGreaterThan(LEASE_MS);
  });

  it('renews nothing, and creates no key, for no members', async () => {
    const key = freshKey();

    await nodeA.renew(key, [], LEASE_MS);

    expect(await redisA.app.exists(key)).toBe(0);
  });

  it('throws when Redis cannot be reached, for its callers to decide what that means', async () => {
    const disconnected = new RedisClients(config);
    disconnected.app.disconnect();
    const slots = new LeasedSlots().on(disconnected.app);
    const key = freshKey();

    await expect(slots.acquire(key, randomUUID(), LIMIT, LEASE_MS)).rejects.toThrow();
    await expect(slots.renew(key, [randomUUID()], LEASE_MS)).rejects.toThrow();
    await expect(slots.release(key, randomUUID())).rejects.toThrow();
    await disconnected.onApplicationShutdown();
  });
});
