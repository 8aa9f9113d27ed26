import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import { loadConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { SessionRevocations } from './session-revocations';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own: two nodes, one Redis.
const { config, nodes: [redisA, redisB], dispose } = redisTestNodes({ JWT_ACCESS_TTL_S: '600' });
const nodeA = new SessionRevocations(redisA, config);
const nodeB = new SessionRevocations(redisB, config);

afterAll(dispose);

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
    const revocations = new SessionRevocations(unreachable, config);
    try {
      for (const attempt of [() => revocations.isRevoked(randomUUID()), () => revocations.revoke(randomUUID())]) {
        const error = await rejectionOf(attempt());
        expect(error.code).toBe(ErrorCode.ServiceUnavailable);
        expect(error.headers).toEqual({ 'Retry-After': '2' });
      }
    } finally {
      unreachable.app.disconnect();
    }
  });
});
