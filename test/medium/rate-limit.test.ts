import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service';
import { SessionTokensService } from '../../src/modules/auth/session-tokens.service';
import { UsersService } from '../../src/modules/users/users.service';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';

/** Budgets live in Redis, so two web nodes behind a load balancer enforce one limit together. */
describe('rate limits across two web instances', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = env.config({ RATE_LIMIT_USER_PER_MIN: '6', RATE_LIMIT_IP_PER_MIN: '1000', RATE_LIMIT_AUTH_PER_MIN: '4' });
    [nodeA, nodeB] = await Promise.all([startWebApp(config), startWebApp(config)]);
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await env?.dispose();
  });

  it('spends one per-IP authentication budget on both nodes', async () => {
    const attempt = (node: RunningWebApp) =>
      node.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nobody@example.com', password: 'whatever1' } });
    const statuses = [];
    for (const node of [nodeA, nodeB, nodeA, nodeB]) statuses.push((await attempt(node)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    const limited = await attempt(nodeA);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    expect((await attempt(nodeB)).status).toBe(429);
  });

  it('spends one per-user budget on both nodes', async () => {
    // The per-IP login budget is spent above, so this user's key is created through the services.
    const user = await createUserWithKey(nodeA);
    const results: number[] = [];
    for (let i = 0; i < 6; i++) results.push((await (i % 2 ? nodeB : nodeA).request('/api/v1/auth/me', { headers: { 'x-api-key': user.key } })).status);
    expect(results).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await nodeB.request('/api/v1/auth/me', { headers: { 'x-api-key': user.key } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await nodeA.request('/api/v1/auth/me', { headers: { 'x-api-key': user.key } })).status).toBe(429);
  });

  it("spends a session's user budget on both nodes, but not with the tokens of a session that was ended", async () => {
    const user = await nodeA.app.get(UsersService).create({ email: 'session-limited@example.com', name: 'Limited', passwordHash: 'x' });
    const sessions = nodeA.app.get(SessionTokensService);
    const live = await sessions.issue(user);
    const ended = await sessions.issue(user);
    await sessions.revoke(ended.refreshToken);
    const me = (node: RunningWebApp, token: string) => node.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });

    const refused: number[] = [];
    for (let i = 0; i < 8; i++) refused.push((await me(i % 2 ? nodeB : nodeA, ended.accessToken)).status);
    expect(refused).toEqual(Array(8).fill(401));
    const results: number[] = [];
    for (let i = 0; i < 7; i++) results.push((await me(i % 2 ? nodeB : nodeA, live.accessToken)).status);
    expect(results).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

async function createUserWithKey(node: RunningWebApp): Promise<{ key: string }> {
  const user = await node.app.get(UsersService).create({ email: 'limited@example.com', name: 'Limited', passwordHash: 'x' });
  return node.app.get(ApiKeysService).create(user.id, { name: 'k' });
}
