import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';

interface Session {
  accessToken: string;
  user: { id: string; email: string; role: string };
}

const PASSWORD = 'plum-cloud-9-ferry';

describe('auth hardening', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;

  const register = async (email: string): Promise<Session> => {
    const res = await web.request('/api/v1/auth/register', { method: 'POST', json: { email, password: PASSWORD, name: email.split('@')[0] } });
    expect(res.status).toBe(201);
    return (await res.json()) as Session;
  };
  const call = (credential: string, method: string, path: string, json?: unknown): Promise<Response> =>
    web.request(`/api/v1${path}`, { method, token: credential, json });
  const expectError = async (res: Response, status: number, code: string): Promise<void> => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  };
  const setRole = (email: string, role: 'admin' | 'user'): Promise<unknown> => env.query('UPDATE users SET role = ? WHERE email = ?', [role, email]);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config());
  });
  afterAll(async () => {
    await web?.close();
    await env?.dispose();
  });

  describe('admin checks use the role stored in the database, not the one a token was issued with', () => {
    let admin: Session;
    let member: Session;

    beforeAll(async () => {
      admin = await register('root@example.com');
      member = await register('member@example.com');
      expect(admin.user.role).toBe('admin');
    });

    it('takes admin powers from a demoted admin on the next request with the same token', async () => {
      const opsKey = (await (await call(admin.accessToken, 'POST', '/apikeys', { name: 'ops', scopes: ['admin'] })).json()) as { key: string };
      expect((await call(admin.accessToken, 'GET', '/settings/routing')).status).toBe(200);
      expect((await call(opsKey.key, 'GET', '/settings/routing')).status).toBe(200);

      await setRole('root@example.com', 'user');

      await expectError(await call(admin.accessToken, 'GET', '/settings/routing'), 403, 'FORBIDDEN');
      await expectError(await call(opsKey.key, 'GET', '/settings/routing'), 403, 'FORBIDDEN');
      await expectError(await call(admin.accessToken, 'POST', '/prompts', { topic: 'legal', prompt: 'Careful.', scope: 'system' }), 403, 'FORBIDDEN');
      await expectError(await call(admin.accessToken, 'PUT', '/settings/models', { scope: 'global', bindings: {} }), 403, 'FORBIDDEN');
      await expectError(await call(admin.accessToken, 'POST', '/apikeys', { name: 'ops2', scopes: ['admin'] }), 403, 'FORBIDDEN');
    });

    it('gives admin powers to a promoted user without a new login', async () => {
      await expectError(await call(member.accessToken, 'GET', '/settings/routing'), 403, 'FORBIDDEN');

      await setRole('member@example.com', 'admin');

      expect((await call(member.accessToken, 'GET', '/settings/routing')).status).toBe(200);
      const systemPrompt = await call(member.accessToken, 'POST', '/prompts', { topic: 'legal', prompt: 'Careful.', scope: 'system' });
      expect(systemPrompt.status).toBe(201);
    });
  });
});
