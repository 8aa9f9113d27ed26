import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LeasedSlots } from '../../infra/redis/leased-slots';
import { RedisClients } from '../../infra/redis/redis.clients';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { ConnectionSlots, type HeldConnection } from './connection-slots';

// Runs against the real Redis on 127.0.0.1:6379 (the realtime DB), under a prefix of its own.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({ REALTIME_MAX_CONNECTIONS_PER_USER: '3' });
const nodeA = new ConnectionSlots(config, redisA, new LeasedSlots());
const nodeB = new ConnectionSlots(config, redisB, new LeasedSlots());

afterAll(dispose);

const slotsKey = (subjectId: string): string => redisA.key('realtime', 'connections', subjectId);

/** `count` sockets of one fresh subject, each holding a slot taken on `node`. */
async function connect(count: number, node = nodeA, subjectId = `user:${randomUUID()}`): Promise<HeldConnection[]> {
  const held = Array.from({ length: count }, () => ({ subjectId, socketId: randomUUID() }));
  for (const connection of held) expect(await node.acquire(connection)).toBe(true);
  return held;
}

describe('ConnectionSlots', () => {
  it('hands out the limit per subject, then refuses', async () => {
    const [first] = await connect(3);

    expect(await nodeA.acquire({ subjectId: first?.subjectId ?? '', socketId: randomUUID() })).toBe(false);
    expect(await nodeA.acquire({ subjectId: `visitor:${randomUUID()}.sess_x`, socketId: randomUUID() })).toBe(true);
  });

  it('counts across nodes, and a slot released on one node is free on the other', async () => {
    const [first, second] = await connect(2, nodeA);
    const subjectId = first?.subjectId ?? '';
    expect(await nodeB.acquire({ subjectId, socketId: randomUUID() })).toBe(true);
    expect(await nodeB.acquire({ subjectId, socketId: randomUUID() })).toBe(false);

    await nodeA.release(second ?? { subjectId, socketId: '' });

    expect(await nodeB.acquire({ subjectId, socketId: randomUUID() })).toBe(true);
  });

  it('renews the leases of open sockets, taking back a slot that lapsed while Redis was away', async () => {
    const held = await connect(2);
    const subjectId = held[0]?.subjectId ?? '';
    await redisA.realtime.zadd(slotsKey(subjectId), 'XX', 1, held[0]?.socketId ?? '');
    await redisA.realtime.zrem(slotsKey(subjectId), held[1]?.socketId ?? '');
    const before = Date.now();

    await nodeA.renew(held);

    for (const { socketId } of held) expect(Number(await redisA.realtime.zscore(slotsKey(subjectId), socketId))).toBeGreaterThan(before + 60_000);
    expect(await redisA.realtime.pttl(slotsKey(subjectId))).toBeGreaterThan(60_000);
  });

  it('renews the sockets of every subject this node holds, in one call', async () => {
    const held = [...(await connect(2)), ...(await connect(1))];
    for (const { subjectId, socketId } of held) await redisA.realtime.zadd(slotsKey(subjectId), 'XX', 1, socketId);
    const before = Date.now();

    await nodeA.renew(held);

    for (const { subjectId, socketId } of held) expect(Number(await redisA.realtime.zscore(slotsKey(subjectId), socketId))).toBeGreaterThan(before + 60_000);
  });

  it('lets sockets in and never throws when Redis cannot be reached', async () => {
    const disconnected = new RedisClients(config);
    disconnected.realtime.disconnect();
    const slots = new ConnectionSlots(config, disconnected, new LeasedSlots());
    const connection = { subjectId: `user:${randomUUID()}`, socketId: randomUUID() };

    expect(await slots.acquire(connection)).toBe(true);
    await expect(slots.renew([connection])).resolves.toBeUndefined();
    await expect(slots.release(connection)).resolves.toBeUndefined();
    await disconnected.onApplicationShutdown();
  });
});
