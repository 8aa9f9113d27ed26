import type { INestApplicationContext } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/common/errors/error-code';
import { LockService } from '../../src/infra/redis/lock.service';
import { RateLimitService } from '../../src/infra/redis/rate-limit.service';
import { LoginThrottle } from '../../src/modules/auth/login-throttle.service';
import { requireChannel } from '../../src/modules/realtime/channels';
import { RealtimePublisher } from '../../src/modules/realtime/realtime-publisher.service';
import { RealtimeTokens } from '../../src/modules/realtime/realtime-tokens.service';
import type { RealtimeSubject } from '../../src/modules/realtime/realtime.types';
import { codeOf } from '../../src/common/testing/rejection-of';
import { RealtimeClients, type RealtimeClient } from '../support/realtime-client';
import { startRedisCluster, startRedisSentinel, type OwnedRedis } from '../support/redis-cluster';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';

/** Per-user requests per minute in these suites: a budget the rate-limit test spends across nodes. */
const USER_PER_MIN = 100;

/** `session` connected to `node`'s realtime gateway and subscribed to its own user channel. */
async function followOwnChannel(clients: RealtimeClients, node: RunningWebApp, session: Session): Promise<{ client: RealtimeClient; channel: string }> {
  const token = async (path: string, json?: unknown): Promise<string> => {
    const response = await node.request(`/api/v1/realtime/${path}`, { method: 'POST', token: session.accessToken, json });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  const client = await clients.connect(node.baseUrl, await token('token'));
  const channel = `user:${session.user.id}`;
  expect(await client.send('subscribe', { channel, token: await token('subscribe', { channel }) })).toEqual({ ok: true });
  return { client, channel };
}

/** A chat message sent to `node`, answered by whichever process runs the worker role, read to its end over SSE. */
async function answerOf(node: RunningWebApp, session: Session): Promise<{ trackId: string; events: { id?: string; event: string }[] }> {
  const events = await readSse(await node.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: { message: 'Hi' } }), isTerminal);
  return { trackId: (events[0]?.data as { trackId: string }).trackId, events };
}

/**
 * REDIS_URL naming a 3-master Redis Cluster (Debian's redis-server, started here): two web nodes
 * and a worker on it, and everything that lives in Redis keeps working. Multi-key work that strayed
 * across hash slots would fail with CROSSSLOT here, where one Redis never notices.
 */
describe('on a Redis Cluster', () => {
  let redis: OwnedRedis;
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let worker: INestApplicationContext;
  let alice: Session;
  const realtime = new RealtimeClients();

  beforeAll(async () => {
    redis = await startRedisCluster();
    env = await TestEnvironment.create();
    const config = (role: string) => env.config({ APP_ROLE: role, REDIS_URL: redis.url, RATE_LIMIT_USER_PER_MIN: String(USER_PER_MIN) });
    [nodeA, nodeB, worker] = await Promise.all([startWebApp(config('web')), startWebApp(config('web')), startWorkerApp(config('worker'))]);
    alice = await registerUser(nodeA, 'alice@example.com');
  });
  afterEach(() => realtime.closeAll());
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close(), worker?.close()]);
    await env?.dispose();
    await redis?.stop();
  });

  it('answers a chat message end to end: a BullMQ job through the cluster, the track stream read on another node', async () => {
    const { trackId, events } = await answerOf(nodeA, alice);
    expect(events.at(-1)?.event).toBe('complete');

    const replayed = await readSse(await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token: alice.accessToken }), isTerminal);
    expect(replayed.map((event) => event.id)).toEqual(events.map((event) => event.id));

    // BullMQ's keys carry the prefix as hash tag: every key of the queue in one slot.
    const inspector = new Cluster(redis.ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      const slots = await Promise.all(['wait', 'completed', 'meta', 'events'].map((part) => inspector.cluster('KEYSLOT', `{${env.redisKeyPrefix}bull}:async_ai_high:${part}`)));
      expect(new Set(slots).size).toBe(1);
      const ids = await Promise.all(inspector.nodes('master').map((node) => node.keys(`{${env.redisKeyPrefix}bull}:async_ai_high:*`)));
      expect(ids.flat()).toContain(`{${env.redisKeyPrefix}bull}:async_ai_high:meta`);
    } finally {
      inspector.disconnect();
    }
  });

  it('holds a lock across nodes, and gives it to the other node once released', async () => {
    const resource = `cluster-test-${Date.now()}`;
    const held = await nodeA.app.get(LockService).tryAcquire(resource);
    expect(held).not.toBeNull();
    await expect(worker.get(LockService).tryAcquire(resource)).resolves.toBeNull();
    await expect(codeOf(worker.get(LockService).withLock(resource, () => Promise.resolve(), { waitMs: 0 }))).resolves.toBe(ErrorCode.Conflict);
    if (held) await nodeA.app.get(LockService).release(held);
    await expect(worker.get(LockService).withLock(resource, () => Promise.resolve('ran'), { waitMs: 0 })).resolves.toBe('ran');
  });

  it('counts a rate limit and the login backoff across nodes (Lua over several keys of one account)', async () => {
    const key = `cluster-test-${Date.now()}`;
    for (let i = 0; i < USER_PER_MIN; i++) await (i % 2 === 0 ? nodeA : nodeB).app.get(RateLimitService).consume('user', key);
    await expect(codeOf(nodeA.app.get(RateLimitService).consume('user', key))).resolves.toBe(ErrorCode.RateLimited);

    const throttleA = nodeA.app.get(LoginThrottle);
    const throttleB = nodeB.app.get(LoginThrottle);
    for (let i = 0; i < 5; i++) await (i % 2 === 0 ? throttleA : throttleB).recordFailure('bob@example.com', '198.51.100.7');
    await expect(codeOf(throttleB.assertMayTry('bob@example.com', '198.51.100.7'))).resolves.toBe(ErrorCode.RateLimited);
  });

  it('delivers a publication made on the worker to a socket on a web node, through the sharded adapter', async () => {
    const { client, channel } = await followOwnChannel(realtime, nodeB, alice);
    await worker.get(RealtimePublisher).publish(channel, 'note', { from: 'worker' });
    await nodeA.app.get(RealtimePublisher).publish(channel, 'note', { from: 'web' });

    const received = await client.received(channel, 2);
    expect(received.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'note', data: { from: 'worker' } },
      { type: 'note', data: { from: 'web' } },
    ]);
    expect(received[1]?.offset).toBe((received[0]?.offset ?? 0) + 1);
  });

  it('stores publications made in one tick on channels of different hash slots, one script call per channel', async () => {
    const { client, channel } = await followOwnChannel(realtime, nodeB, alice);
    const elsewhere = `user:${randomUUID()}`;
    const publisher = worker.get(RealtimePublisher);

    const published = await Promise.all([publisher.publish(channel, 'note', { n: 1 }), publisher.publish(elsewhere, 'note', { n: 2 }), publisher.publish(channel, 'note', { n: 3 })]);

    expect(published[2].offset).toBe(published[0].offset + 1);
    expect((await client.received(channel, 2)).map(({ data }) => data)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it("relays a socket's typing notice to a socket on the other web node, adapter to adapter", async () => {
    const widgetId = randomUUID();
    const sessionId = `sess_${randomBytes(18).toString('base64url')}`;
    const typing = `widgettyping:${widgetId}.${sessionId}`;
    const tokens = nodeA.app.get(RealtimeTokens);
    const join = async (node: RunningWebApp, subject: RealtimeSubject): Promise<RealtimeClient> => {
      const client = await realtime.connect(node.baseUrl, tokens.mintConnection(subject).token);
      expect(await client.send('subscribe', { channel: typing, token: tokens.mintSubscription(subject, requireChannel(typing)).token })).toEqual({ ok: true });
      return client;
    };
    const visitor = await join(nodeA, { kind: 'visitor', widgetId, sessionId });
    const operator = await join(nodeB, { kind: 'user', userId: alice.user.id });

    expect(await visitor.send('publish', { channel: typing, type: 'typing', data: { text: 'Hel' } })).toEqual({ ok: true });
    expect((await operator.received(typing, 1)).map(({ data }) => data)).toEqual([{ text: 'Hel', from: 'visitor' }]);
  });

  it('recovers the publications missed while away, on the other node', async () => {
    const { client: first, channel } = await followOwnChannel(realtime, nodeA, alice);
    const publisher = worker.get(RealtimePublisher);
    await publisher.publish(channel, 'note', { n: 0 });
    const [seen] = await first.received(channel, 1);
    first.socket.close();
    for (const n of [1, 2, 3]) await publisher.publish(channel, 'note', { n });

    const { client: second } = await followOwnChannel(realtime, nodeB, alice);
    const subscriptionToken = await nodeB.request('/api/v1/realtime/subscribe', { method: 'POST', token: alice.accessToken, json: { channel } });
    const ack = await second.send('subscribe', { channel, token: ((await subscriptionToken.json()) as { token: string }).token, since: seen?.offset });
    expect(ack).toMatchObject({ ok: true, recovered: true });
    const recovered = 'publications' in ack ? ack.publications : [];
    expect(recovered.map(({ data, offset }) => ({ data, offset }))).toEqual([1, 2, 3].map((n) => ({ data: { n }, offset: (seen?.offset ?? 0) + n })));
  });
});

/** REDIS_URL naming a Sentinel set (one master, one sentinel): the app finds its Redis through it. */
describe('through Redis Sentinel', () => {
  let redis: OwnedRedis;
  let env: TestEnvironment;
  let node: RunningWebApp;
  const realtime = new RealtimeClients();

  beforeAll(async () => {
    redis = await startRedisSentinel();
    env = await TestEnvironment.create();
    node = await startWebApp(env.config({ APP_ROLE: 'all', REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    realtime.closeAll();
    await node?.close();
    await env?.dispose();
    await redis?.stop();
  });

  it('answers a chat message and delivers a realtime publication', async () => {
    const alice = await registerUser(node, 'alice@example.com');
    expect((await answerOf(node, alice)).events.at(-1)?.event).toBe('complete');

    const { client, channel } = await followOwnChannel(realtime, node, alice);
    await node.app.get(RealtimePublisher).publish(channel, 'note', { via: 'sentinel' });
    expect((await client.received(channel, 1))[0]?.data).toEqual({ via: 'sentinel' });
  });
});
