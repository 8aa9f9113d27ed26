import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import { DEFAULT_PASSWORD, registerUser, type Session } from '../support/users';
import { reportLogsOnFailure } from './cluster-suite';

/** Sessions through the load balancer: no node holds one, so any node serves it and every node ends it. */
describe('sessions across 3 web nodes behind the load balancer', () => {
  let cluster: ClusterHarness;

  beforeAll(async () => {
    cluster = await ClusterHarness.start({ workers: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  reportLogsOnFailure(() => cluster);

  const login = async (email: string): Promise<Session> => {
    const response = await cluster.request('/api/v1/auth/login', { method: 'POST', json: { email, password: DEFAULT_PASSWORD } });
    expect(response.status).toBe(200);
    return (await response.json()) as Session;
  };
  const refresh = (node: { request: ClusterHarness['request'] }, refreshToken: string): Promise<Response> =>
    node.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken } });
  const me = (node: { request: ClusterHarness['request'] }, accessToken: string): Promise<Response> => node.request('/api/v1/auth/me', { token: accessToken });

  it('logs in on one node and serves every later request on any node, round robin', async () => {
    await registerUser(cluster, 'rita@example.com');
    const session = await login('rita@example.com');

    const servedBy: string[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await cluster.request('/api/v1/auth/me', { token: session.accessToken });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ email: 'rita@example.com' });
      servedBy.push(response.headers.get('x-served-by') ?? 'unknown');
    }
    // No stickiness: one client's requests were spread over every node.
    expect([...new Set(servedBy)].sort()).toEqual(cluster.webs.map((node) => node.name));

    for (const node of cluster.webs) expect((await node.request('/api/v1/auth/me', { token: session.accessToken })).status).toBe(200);
  });

  it('refreshes on one node a session begun on another, and logout ends it, access tokens included, on every node at once', async () => {
    const session = await login('rita@example.com');
    const [first, second] = cluster.webs;
    if (!first || !second) throw new Error('the cluster has fewer than 2 web nodes');

    const refreshed = await refresh(first, session.refreshToken);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Session;
    for (const node of cluster.webs) expect((await node.request('/api/v1/auth/me', { token: next.accessToken })).status).toBe(200);

    expect((await cluster.request('/api/v1/auth/logout', { method: 'POST', json: { refreshToken: next.refreshToken } })).status).toBe(204);
    for (const node of cluster.webs) {
      const refused = await refresh(node, next.refreshToken);
      expect(refused.status, `refresh after logout on ${node.name}`).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    }
    // Nor does the load balancer find a node that still takes it.
    expect((await refresh(cluster, next.refreshToken)).status).toBe(401);

    // The access tokens, the one from the login and the refreshed one, are refused at once rather
    // than when they expire: on every node, and on every node the load balancer picks in turn.
    for (const node of cluster.webs) {
      for (const token of [session.accessToken, next.accessToken]) {
        const refused = await me(node, token);
        expect(refused.status, `access token after logout on ${node.name}`).toBe(401);
        expect(await refused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
      }
    }
    const servedBy = new Set<string>();
    for (let i = 0; i < 4 * cluster.webs.length; i++) {
      const refused = await me(cluster, next.accessToken);
      expect(refused.status, 'access token after logout through the load balancer').toBe(401);
      servedBy.add(refused.headers.get('x-served-by') ?? 'unknown');
    }
    expect([...servedBy].sort()).toEqual(cluster.webs.map((node) => node.name));

    // The user logs in again at once, and that session is served everywhere.
    const fresh = await login('rita@example.com');
    for (const node of cluster.webs) expect((await me(node, fresh.accessToken)).status, `a fresh login on ${node.name}`).toBe(200);
  });
});
