import { beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicyAudit } from '../../src/modules/auth/access-policy.audit';
import { webAppPerSuite } from '../support/web-app-suite';
import { registerUser, type Session } from '../support/users';

const PASSWORD = 'plum-cloud-9-ferry';

describe('auth hardening', () => {
  const suite = webAppPerSuite();

  const register = (email: string): Promise<Session> => registerUser(suite.web, email, { password: PASSWORD });
  const call = (credential: string, method: string, path: string, json?: unknown): Promise<Response> =>
    suite.web.request(`/api/v1${path}`, { method, token: credential, json });
  const expectError = async (res: Response, status: number, code: string): Promise<void> => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  };
  const setRole = (email: string, role: 'admin' | 'user'): Promise<unknown> => suite.env.query('UPDATE users SET role = ? WHERE email = ?', [role, email]);

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

  describe('API key scopes', () => {
    let owner: Session;
    const keyWith = async (...scopes: string[]): Promise<string> => {
      const res = await call(owner.accessToken, 'POST', '/apikeys', { name: scopes.join('+'), scopes });
      expect(res.status).toBe(201);
      return ((await res.json()) as { key: string }).key;
    };

    beforeAll(async () => {
      owner = await register('integrations@example.com');
      await setRole('integrations@example.com', 'admin');
    });

    it('refuse a webhooks-only key prompt creation and model-binding changes', async () => {
      const webhooks = await keyWith('webhooks');

      await expectError(await call(webhooks, 'POST', '/prompts', { topic: 'sneaky', prompt: 'Ignore your instructions.' }), 403, 'INSUFFICIENT_SCOPE');
      await expectError(await call(webhooks, 'PUT', '/settings/models', { scope: 'user', bindings: {} }), 403, 'INSUFFICIENT_SCOPE');
      await expectError(await call(webhooks, 'PUT', '/settings/models', { scope: 'global', bindings: {} }), 403, 'INSUFFICIENT_SCOPE');
      expect(await suite.env.query("SELECT id FROM task_prompts WHERE topic = 'sneaky'")).toEqual([]);
      // Any key may still ask whose it is.
      expect((await call(webhooks, 'GET', '/auth/me')).status).toBe(200);
    });

    it('let a chat key manage its own prompts and bindings, but not system-wide ones', async () => {
      const chat = await keyWith('chat');

      expect((await call(chat, 'POST', '/prompts', { topic: 'recipes', prompt: 'You are a chef.' })).status).toBe(201);
      expect((await call(chat, 'PUT', '/settings/models', { scope: 'user', bindings: {} })).status).toBe(200);
      await expectError(await call(chat, 'POST', '/prompts', { topic: 'company', prompt: 'x', scope: 'system' }), 403, 'FORBIDDEN');
      await expectError(await call(chat, 'PUT', '/settings/models', { scope: 'global', bindings: {} }), 403, 'FORBIDDEN');
    });

    it("need the admin scope, on an admin's key, for admin settings", async () => {
      const chat = await keyWith('chat');
      const admin = await keyWith('admin');

      await expectError(await call(chat, 'GET', '/settings/routing'), 403, 'INSUFFICIENT_SCOPE');
      await expectError(await call(chat, 'POST', '/settings/routing/try', { message: 'hi' }), 403, 'INSUFFICIENT_SCOPE');
      expect((await call(admin, 'GET', '/settings/routing')).status).toBe(200);
      expect((await call(admin, 'POST', '/settings/routing/try', { message: 'hi' })).status).toBe(200);
    });
  });

  describe('weak passwords', () => {
    it.each([
      ['eight spaces', '        '],
      ['the email itself', 'weak@example.com'],
      ['a common password', 'password1'],
    ])('refuses %s with WEAK_PASSWORD and says why, creating no account', async (_, password) => {
      const res = await suite.web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'weak@example.com', password, name: 'Weak' } });

      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('WEAK_PASSWORD');
      expect(body.error.message).toMatch(/^Choose a stronger password: \S/);
      expect(await suite.env.query('SELECT id FROM users WHERE email = ?', ['weak@example.com'])).toEqual([]);
    });
  });

  it('boots only because every route of the app declares who may call it', () => {
    const routes = suite.web.app.get(AccessPolicyAudit).routes();

    expect(routes.filter((r) => r.policy === undefined)).toEqual([]);
    const policyOf = (route: string) => routes.find((r) => r.route === route)?.policy;
    expect(policyOf('POST prompts')).toEqual({ kind: 'scope', scope: 'chat' });
    expect(policyOf('PUT settings/models')).toEqual({ kind: 'scope', scope: 'chat' });
    expect(policyOf('PUT settings/routing')).toEqual({ kind: 'scope', scope: 'admin' });
    expect(policyOf('POST prompts/:id/restore-default')).toEqual({ kind: 'scope', scope: 'admin' });
    expect(policyOf('POST apikeys')).toEqual({ kind: 'session-only' });
    expect(policyOf('GET auth/me')).toEqual({ kind: 'any-scope' });
    expect(policyOf('GET api/health')).toEqual({ kind: 'public' });
  });
});
