import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import { loadConfig } from '../../config/app-config';
import { RedisClients, type RedisConnection } from '../../infra/redis/redis.clients';
import { RedisSubscriber } from '../../infra/redis/redis-subscriber';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { SessionRevocations } from './session-revocations';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own: two nodes, one Redis.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({ JWT_ACCESS_TTL_S: '600' });
/** Node B's pub/sub connection, once opened, to cut. */
let subscriberConnectionB: RedisConnection | undefined;
const createConnection = redisB.createConnection.bind(redisB);
vi.spyOn(redisB, 'createConnection').mockImplementation((name, options) => (subscriberConnectionB = createConnection(name, options)));
const subscribers = [new RedisSubscriber(redisA), new RedisSubscriber(redisB)] as const;
const nodeA = new SessionRevocations(redisA, subscribers[0], config);
const nodeB = new SessionRevocations(redisB, subscribers[1], config);
/** The EXISTS node B sends: a check it answers from what it heard sends none. */
const existsB = vi.spyOn(redisB.app, 'exists');

afterAll(async () => {
  for (const subscriber of subscribers) await subscriber.onApplicationShutdown();
  await dispose();
});

/** Checks `sessionId` on node B until B answers from memory: it has found it live while sure to hear of its end. */
async function rememberedOnB(sessionId: string): Promise<void> {
  await waitFor(
    async () => {
      const asked = existsB.mock.calls.length;
      expect(await nodeB.isRevoked(sessionId)).toBe(false);
      return existsB.mock.calls.length === asked;
    },
    { timeoutMs: 5000, intervalMs: 10, what: `node B to remember ${sessionId} as live` },
  );
}

/** A port that accepts nothing: listened on, then closed, so connecting to it is refused. */
async function refusedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SessionRevocations', () => {
  it('tells every node at once that a session was ended, and only that session', async () => {
    const ended = randomUUID();
    const other = randomUUID();
    expect(await nodeB.isRevoked(ended)).toBe(false);

    await nodeA.revoke(ended);

    expect(await nodeB.isRevoked(ended)).toBe(true);
    expect(await nodeA.isRevoked(ended)).toBe(true);
    expect(await nodeB.isRevoked(other)).toBe(false);
  });

  it('answers for a session it found live without asking Redis, and hears of its end before the logout has answered', async () => {
    const ended = randomUUID();
    const other = randomUUID();
    await rememberedOnB(ended);
    await rememberedOnB(other);

    await nodeA.revoke(ended);
    // A request sent after the logout's answer takes at least another round trip (here, to Redis):
    // Redis sent B the end as it answered A (possibly just after), and B has read it by then.
    await redisB.app.ping();

    expect(await nodeB.isRevoked(ended)).toBe(true);
    // Still remembered: an end is forgotten for its own session only.
    const asked = existsB.mock.calls.length;
    expect(await nodeB.isRevoked(other)).toBe(false);
    expect(existsB.mock.calls.length).toBe(asked);
    // The node that ends a session refuses it without a round trip either.
    expect(await nodeA.isRevoked(ended)).toBe(true);
  });

  it('forgets what it remembered when its pub/sub connection drops, and trusts what it hears again once back', async () => {
    const sessionId = randomUUID();
    await rememberedOnB(sessionId);

    // Ends published while the connection is down are never heard: B asks Redis again.
    const connection = subscriberConnectionB as RedisConnection;
    const closed = once(connection, 'close');
    connection.disconnect(true);
    await closed;
    const asked = existsB.mock.calls.length;
    expect(await nodeB.isRevoked(sessionId)).toBe(false);
    expect(existsB.mock.calls.length).toBe(asked + 1);

    await rememberedOnB(sessionId);
    await nodeA.revoke(sessionId);
    await redisB.app.ping();
    expect(await nodeB.isRevoked(sessionId)).toBe(true);
  });

  it('asks Redis when the session changes hands between nodes too fast to hear: a refresh racing a logout', async () => {
    const sessionId = randomUUID();
    await rememberedOnB(sessionId);
    // Marked ended behind the nodes' backs (nothing published): only a check that asks sees it.
    await redisA.app.set(`${config.redis.keyPrefix}auth:revoked:${sessionId}`, '1', 'EX', 60);

    expect(await nodeB.isRevoked(sessionId)).toBe(false);
    expect(await nodeB.isRevokedNow(sessionId)).toBe(true);
  });

  it('keeps one key per session under the installation prefix, for an access lifetime plus the clock skew margin', async () => {
    const sessionId = randomUUID();

    await nodeA.revoke(sessionId);

    const key = `${config.redis.keyPrefix}auth:revoked:${sessionId}`;
    const ttl = await redisA.app.ttl(key);
    // 600 s of access lifetime and 60 s of margin; a second may have passed since it was set.
    expect(ttl).toBeGreaterThanOrEqual(659);
    expect(ttl).toBeLessThanOrEqual(660);
  });

  it('fails closed with 503 SERVICE_UNAVAILABLE when Redis cannot be reached', async () => {
    const unreachable = new RedisClients(loadConfig({ REDIS_URL: `redis://127.0.0.1:${await refusedPort()}` }));
    const subscriber = new RedisSubscriber(unreachable);
    const revocations = new SessionRevocations(unreachable, subscriber, config);
    try {
      for (const attempt of [() => revocations.isRevoked(randomUUID()), () => revocations.isRevokedNow(randomUUID()), () => revocations.revoke(randomUUID())]) {
        const error = await rejectionOf(attempt());
        expect(error.code).toBe(ErrorCode.ServiceUnavailable);
        expect(error.headers).toEqual({ 'Retry-After': '2' });
      }
    } finally {
      unreachable.app.disconnect();
      await subscriber.onApplicationShutdown();
    }
  });
});
