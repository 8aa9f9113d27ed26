import { describe, expect, it } from 'vitest';
import { webAppPerSuite } from '../support/web-app-suite';
import { registerUser, type Session } from '../support/users';

describe('auth: register → login → me → refresh → API keys', () => {
  const suite = webAppPerSuite();

  const register = (email: string, name = 'Test User'): Promise<Session> => registerUser(suite.web, email, { password: 'correct horse', name });

  it('makes the first user admin and later ones plain users', async () => {
    const first = await register('Admin@Example.com', 'Ada');
    const second = await register('user@example.com');
    expect(first.user).toMatchObject({ email: 'admin@example.com', name: 'Ada', role: 'admin' });
    expect(second.user.role).toBe('user');
    const [row] = await suite.env.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = ?', ['admin@example.com']);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('logs in, answers me, and rotates the refresh token', async () => {
    const login = await suite.web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'USER@example.com', password: 'correct horse' } });
    expect(login.status).toBe(200);
    const session = (await login.json()) as Session;

    const me = await suite.web.request('/api/v1/auth/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'user@example.com', role: 'user' });

    const refreshed = await suite.web.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Session;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await suite.web.request('/api/v1/auth/me', { token: next.accessToken })).status).toBe(200);

    // Replaying the rotated token is treated as theft: it fails and takes the new one down too.
    const replay = await suite.web.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: { code: 'TOKEN_INVALID', message: expect.any(String) } });
    const afterReplay = await suite.web.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: next.refreshToken } });
    expect(afterReplay.status).toBe(401);
  });

  it('logout revokes the refresh token and the access token server-side', async () => {
    const session = (await (await suite.web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'user@example.com', password: 'correct horse' } })).json()) as Session;
    expect((await suite.web.request('/api/v1/auth/logout', { method: 'POST', json: { refreshToken: session.refreshToken } })).status).toBe(204);
    const refresh = await suite.web.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
    expect(refresh.status).toBe(401);
    // Not left to expire: refused at once, as a forged token is (test/medium/logout-everywhere.test.ts: on every node).
    const me = await suite.web.request('/api/v1/auth/me', { token: session.accessToken });
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ error: { code: 'TOKEN_INVALID', message: expect.any(String) } });
  });

  it('creates a scoped API key, accepts it as X-API-Key and Bearer, and stops accepting it once revoked', async () => {
    const session = (await (await suite.web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'user@example.com', password: 'correct horse' } })).json()) as Session;
    const created = await suite.web.request('/api/v1/apikeys', { method: 'POST', token: session.accessToken, json: { name: 'CI bot' } });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; key: string; prefix: string; scopes: string[] };
    expect(key.key).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.scopes).not.toContain('admin');

    const [stored] = await suite.env.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = ?', [key.id]);
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.key_hash).not.toContain(key.key);

    const viaHeader = await suite.web.request('/api/v1/auth/me', { headers: { 'x-api-key': key.key } });
    expect(viaHeader.status).toBe(200);
    expect(await viaHeader.json()).toMatchObject({ email: 'user@example.com' });
    expect((await suite.web.request('/api/v1/auth/me', { token: key.key })).status).toBe(200);

    const listed = (await (await suite.web.request('/api/v1/apikeys', { token: session.accessToken })).json()) as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('key');
    expect(listed[0]?.lastUsedAt).not.toBeNull();

    // A key cannot mint more keys: key management needs a logged-in session.
    const mintWithKey = await suite.web.request('/api/v1/apikeys', { method: 'POST', token: key.key, json: { name: 'sneaky' } });
    expect(mintWithKey.status).toBe(403);

    const nonAdminScope = await suite.web.request('/api/v1/apikeys', { method: 'POST', token: session.accessToken, json: { name: 'x', scopes: ['admin'] } });
    expect(nonAdminScope.status).toBe(403);

    expect((await suite.web.request(`/api/v1/apikeys/${key.id}`, { method: 'DELETE', token: session.accessToken })).status).toBe(204);
    const revoked = await suite.web.request('/api/v1/auth/me', { headers: { 'x-api-key': key.key } });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: { code: 'TOKEN_INVALID', message: expect.any(String) } });
  });

  it('serves the OpenAPI document and health outside the versioned prefix', async () => {
    const docs = await suite.web.request('/api/docs-json');
    expect(docs.status).toBe(200);
    const document = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/health']));

    const health = await suite.web.request('/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      checks: { database: 'up', redis: 'up', queues: 'up', vectorStore: 'disabled', realtime: 'up' },
    });
  });
});
