import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { DEFAULT_PASSWORD, registerUser, type Session } from '../support/users';

/**
 * Two web nodes sharing MariaDB and Redis, as behind a load balancer: a session begun on one is
 * served by the other, and a logout on one ends its access tokens (not only its refresh token) on
 * both at once, along with what was minted from them (realtime tokens, the queue dashboard's pass).
 */
describe('logout is effective on every node at once', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let nodes: Array<[string, RunningWebApp]>;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = env.config({ APP_ROLE: 'web' });
    [nodeA, nodeB] = await Promise.all([startWebApp(config), startWebApp(config)]);
    nodes = [
      ['A', nodeA],
      ['B', nodeB],
    ];
    // The first account is the admin: the queue dashboard is theirs.
    await registerUser(nodeA, 'ada@example.com');
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await env?.dispose();
  });

  const login = async (node: RunningWebApp, email = 'ada@example.com'): Promise<Session> => {
    const response = await node.request('/api/v1/auth/login', { method: 'POST', json: { email, password: DEFAULT_PASSWORD } });
    expect(response.status).toBe(200);
    return (await response.json()) as Session;
  };
  const logout = async (node: RunningWebApp, session: Session): Promise<void> => {
    expect((await node.request('/api/v1/auth/logout', { method: 'POST', json: { refreshToken: session.refreshToken } })).status).toBe(204);
  };
  const me = (node: RunningWebApp, token: string): Promise<Response> => node.request('/api/v1/auth/me', { token });
  const refusal = async (response: Response): Promise<{ status: number; body: unknown }> => ({ status: response.status, body: await response.json() });
  const TOKEN_INVALID = { status: 401, body: { error: { code: 'TOKEN_INVALID', message: expect.any(String) } } };

  it('serves a session begun on A on B, and after a logout on A refuses its access token on both with 401 TOKEN_INVALID', async () => {
    const session = await login(nodeA);
    const otherDevice = await login(nodeB);
    for (const [name, node] of nodes) expect((await me(node, session.accessToken)).status, `before logout on ${name}`).toBe(200);

    await logout(nodeA, session);

    for (const [name, node] of nodes) {
      expect(await refusal(await me(node, session.accessToken)), `me after logout on ${name}`).toEqual(TOKEN_INVALID);
      // Realtime tokens are minted only for a live access token: no new socket, no new channel.
      expect(await refusal(await node.request('/api/v1/realtime/token', { method: 'POST', token: session.accessToken })), `realtime token on ${name}`).toEqual(TOKEN_INVALID);
      const subscribe = await node.request('/api/v1/realtime/subscribe', { method: 'POST', token: session.accessToken, json: { channel: `user:${session.user.id}` } });
      expect(await refusal(subscribe), `realtime subscription on ${name}`).toEqual(TOKEN_INVALID);
      const refresh = await node.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
      expect(refresh.status, `refresh after logout on ${name}`).toBe(401);
      // A logout ends its own session only: the user's other devices carry on.
      expect((await me(node, otherDevice.accessToken)).status, `another session on ${name}`).toBe(200);
    }

    // Logging in again works at once, on either node, for either.
    const fresh = await login(nodeB);
    for (const [name, node] of nodes) expect((await me(node, fresh.accessToken)).status, `a fresh login on ${name}`).toBe(200);
  });

  it('ends the access tokens of every refresh of the session, whichever node minted them', async () => {
    const session = await login(nodeA);
    const refreshed = await nodeB.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Session;

    // Logging out with a retired refresh token of the session ends it too: the client may hold an old one.
    await logout(nodeB, session);

    for (const [name, node] of nodes) {
      for (const token of [session.accessToken, next.accessToken]) expect(await refusal(await me(node, token)), `me on ${name}`).toEqual(TOKEN_INVALID);
    }
  });

  it('ends the access tokens of a session whose rotated refresh token was replayed (a theft), on every node', async () => {
    const session = await login(nodeA);
    const refreshed = await nodeA.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    const next = (await refreshed.json()) as Session;
    expect((await me(nodeB, next.accessToken)).status).toBe(200);

    const replay = await nodeB.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    expect(replay.status).toBe(401);

    for (const [name, node] of nodes) expect(await refusal(await me(node, next.accessToken)), `me on ${name}`).toEqual(TOKEN_INVALID);
  });

  it("closes the queue dashboard opened from the session, on every node, and leaves the session's API keys alone", async () => {
    const session = await login(nodeA);
    const opened = await nodeB.request('/api/v1/admin/queue-dashboard/session', { method: 'POST', token: session.accessToken });
    expect(opened.status).toBe(200);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
    const created = await nodeA.request('/api/v1/apikeys', { method: 'POST', token: session.accessToken, json: { name: 'outlives the login' } });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const dashboard = (node: RunningWebApp): Promise<Response> => node.request('/api/admin/queues/api/queues', { headers: { cookie } });
    for (const [name, node] of nodes) expect((await dashboard(node)).status, `dashboard before logout on ${name}`).toBe(200);

    await logout(nodeA, session);

    for (const [name, node] of nodes) {
      expect(await refusal(await dashboard(node)), `dashboard pass after logout on ${name}`).toEqual(TOKEN_INVALID);
      const bearer = await node.request('/api/admin/queues/api/queues', { token: session.accessToken });
      expect(await refusal(bearer), `dashboard with the access token on ${name}`).toEqual(TOKEN_INVALID);
      // API keys are credentials of their own, revoked one by one: a logout does not touch them.
      expect((await node.request('/api/v1/auth/me', { headers: { 'x-api-key': key } })).status, `API key on ${name}`).toBe(200);
    }
  });
});
