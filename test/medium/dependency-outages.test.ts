import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnedRedis } from '../../scripts/cluster/owned-redis';
import { TcpProxy } from '../../scripts/cluster/tcp-proxy';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { DEFAULT_PASSWORD, registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

/** A request during an outage is answered, and soon: never a hang until the dependency returns. */
const ANSWER_BOUND_MS = 10_000;
/** How long a node may take to notice the dependency is back (reconnection backs off to 2 s). */
const RECOVERY_TIMEOUT_MS = 20_000;

interface Timed {
  status: number;
  body: { status?: string; checks?: Record<string, string>; error?: { code: string } };
  retryAfter: string | null;
  elapsedMs: number;
}

async function timed(response: Promise<Response>): Promise<Timed> {
  const startedAt = Date.now();
  const answered = await response;
  const body = (await answered.json()) as Timed['body'];
  return { status: answered.status, body, retryAfter: answered.headers.get('retry-after'), elapsedMs: Date.now() - startedAt };
}

/**
 * MariaDB or Redis going away under a running node: /api/health says which one (503) while it
 * lasts, requests that need it answer 503 with a stable code instead of 500 or hanging, and the
 * node recovers by itself once it is back, without a restart.
 */
describe('MariaDB connection loss', () => {
  let env: TestEnvironment;
  let proxy: TcpProxy;
  let web: RunningWebApp;
  let session: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const direct = new URL(env.databaseUrl);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 3306) });
    web = await startWebApp(env.config({ APP_ROLE: 'web', DATABASE_URL: proxy.rewrite(env.databaseUrl) }));
    session = await registerUser(web, 'db-loss@example.com');
  });
  afterAll(async () => {
    await web?.close();
    await proxy?.close();
    await env?.dispose();
  });

  it('answers 503 DATABASE_UNAVAILABLE while the database is cut off, and serves again once it is back', async () => {
    const chats = (): Promise<Response> => web.request('/api/v1/chats', { token: session.accessToken });
    expect((await chats()).status).toBe(200);

    proxy.cut();
    const during = await timed(chats());
    expect(during).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_UNAVAILABLE' } }, retryAfter: '2' });
    expect(during.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
    const health = await timed(web.request('/api/health'));
    expect(health).toMatchObject({ status: 503, body: { status: 'degraded', checks: { database: 'down', redis: 'up' } } });
    // A message is queued while its turn commits, but its stream opens only once it has: the
    // failed commit is the request's answer, not an event on a stream already open.
    const send = await timed(web.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: { message: 'Hello' } }));
    expect(send).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_UNAVAILABLE' } } });
    expect(send.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);

    proxy.restore();
    await waitFor(async () => (await chats()).status === 200, { timeoutMs: RECOVERY_TIMEOUT_MS, what: 'requests to succeed again' });
    expect((await web.request('/api/health')).status).toBe(200);
  });
});

describe('Redis restart', () => {
  let env: TestEnvironment;
  let redis: OwnedRedis;
  let web: RunningWebApp;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    redis = await OwnedRedis.create();
    web = await startWebApp(env.config({ APP_ROLE: 'web', REDIS_URL: redis.url() }));
    await registerUser(web, 'redis-restart@example.com');
  });
  afterAll(async () => {
    // A node closes its queues and sockets through Redis: bring it back if a failed test left it down.
    await redis?.start();
    await web?.close();
    await redis?.dispose();
    await env?.dispose();
  });

  it('reports Redis down with 503 while it is stopped, fails requests that need it fast, and recovers by itself', async () => {
    // Logging in counts the attempt in Redis (the login throttle) before it touches the database.
    const login = (): Promise<Response> => web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'redis-restart@example.com', password: DEFAULT_PASSWORD } });
    expect((await login()).status).toBe(200);

    await redis.stop();
    const health = await timed(web.request('/api/health'));
    expect(health).toMatchObject({ status: 503, body: { status: 'degraded', checks: { redis: 'down', database: 'up' } } });
    // Throttles fail open by design (src/infra/redis/rate-limit.service.ts): logging in still works.
    const loggedIn = await timed(login());
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
    // An answer needs Redis (its generation slot, its stream): 503, to be sent again shortly.
    const send = await timed(web.request('/api/v1/messages/stream', { method: 'POST', token: (loggedIn.body as { accessToken: string }).accessToken, json: { message: 'Hello' } }));
    expect(send).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
    expect(send.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);

    await redis.start();
    await waitFor(async () => (await web.request('/api/health')).status === 200, { timeoutMs: RECOVERY_TIMEOUT_MS, what: 'health to recover' });
    expect((await login()).status).toBe(200);
  });
});
