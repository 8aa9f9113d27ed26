import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { webAppPerSuite } from '../support/web-app-suite';
import { registerUser } from '../support/users';

/**
 * The HTTP surface's own defences, independent of any feature: body parsing limits that run
 * before validation, per-IP budgets charged before the body is parsed, one validation code,
 * security headers and request ids.
 */
describe('HTTP hardening', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let accessToken: string;

  const userCount = async (): Promise<number> => Number((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0]?.n);
  const postRaw = (path: string, body: string, headers: Record<string, string> = {}) =>
    web.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config({ HTTP_BODY_LIMIT_BYTES: String(4 * 1024 * 1024), RATE_LIMIT_AUTH_PER_MIN: '1000' }));
    accessToken = (await registerUser(web, 'owner@example.com', { name: 'Owner' })).accessToken;
  });
  afterAll(async () => {
    await web?.close();
    await env?.dispose();
  });

  describe('JSON nesting', () => {
    it.each([
      ['20 KB of nested arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
      ['1 MB of nested arrays', '['.repeat(500_000) + ']'.repeat(500_000)],
      ['nested objects inside a valid-looking body', `{"email":"x@example.com","name":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`],
    ])('refuses %s with 400 JSON_TOO_DEEP and writes nothing', async (_, body) => {
      const res = await postRaw('/api/v1/auth/register', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'JSON_TOO_DEEP', message: expect.stringContaining('32') } });
      expect(await userCount()).toBe(1);
    });

    it('still accepts ordinary nesting and brackets inside strings', async () => {
      const res = await web.request('/api/v1/chats', { method: 'POST', token: accessToken, json: { title: '[[[[[[{{{{{{ not nesting' } });
      expect(res.status).toBe(201);
    });

    it('keeps refusing prototype poisoning', async () => {
      const res = await postRaw('/api/v1/auth/login', '{"email":"a@example.com","password":"x","__proto__":{"admin":true}}');
      expect(res.status).toBe(400);
    });
  });

  describe('validation errors', () => {
    it.each([
      ['an array', '["owner@example.com"]'],
      ['a string', '"owner@example.com"'],
      ['null', 'null'],
    ])('refuses %s as the body with one readable VALIDATION_FAILED', async (_, body) => {
      const res = await postRaw('/api/v1/auth/login', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'The request body must be a JSON object.' } });
    });

    it('answers a malformed id in the path with VALIDATION_FAILED naming the parameter', async () => {
      for (const path of ['/api/v1/chats/xyz', '/api/v1/files/xyz', '/api/v1/messages/xyz']) {
        const res = await web.request(path, { token: accessToken });
        expect(res.status, path).toBe(400);
        expect(await res.json(), path).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/must be a UUID/) } });
      }
    });
  });

  describe('security headers', () => {
    it('sends a strict CSP, frame and sniffing protection on the API and the SPA', async () => {
      for (const path of ['/api/health', '/api/v1/auth/me', '/']) {
        const res = await web.request(path);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).toContain("object-src 'none'");
        expect(csp, path).not.toContain('unsafe-inline');
        expect(csp, path).not.toContain('unsafe-eval');
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-frame-options'), path).toBe('DENY');
        expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
        // Served over plain http here: HSTS would be meaningless and is left out.
        expect(res.headers.get('strict-transport-security'), path).toBeNull();
      }
    });

    it('lets only the API docs use inline styles (Swagger UI needs them)', async () => {
      const res = await web.request('/api/docs');
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    });

    it('sends HSTS when the public URL is https', async () => {
      const tls = await startWebApp(env.config({ APP_URL: 'https://switchboard.example.com' }));
      try {
        const res = await tls.request('/api/health');
        expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      } finally {
        await tls.close();
      }
    });
  });

  describe('request ids', () => {
    it('echoes a well-formed X-Request-Id and replaces a malformed one with a UUID', async () => {
      const kept = await web.request('/api/health', { headers: { 'x-request-id': 'lb-7f3a.42' } });
      expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42');
      const replaced = await web.request('/api/health', { headers: { 'x-request-id': 'not ok\u00e9'.repeat(3) } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const generated = await web.request('/api/v1/auth/me');
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

/** Per-IP budgets are charged in Fastify's onRequest phase, before the node reads or parses a body. */
describe('budgets charged before the body is parsed', () => {
  const suite = webAppPerSuite({ RATE_LIMIT_AUTH_PER_MIN: '2', RATE_LIMIT_IP_PER_MIN: '1000' });

  it('refuses authentication attempts over budget without looking at their bodies', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await suite.web.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
      statuses.push(res.status);
    }
    // Had the body been parsed first, the third would be a 400 like the first two.
    expect(statuses).toEqual([400, 400, 429]);
    const res = await suite.web.request('/api/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{broken' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
  });

  it('charges anonymous API requests to their IP once, before parsing', async () => {
    const limited = await startWebApp(suite.env.config({ RATE_LIMIT_IP_PER_MIN: '3', REDIS_KEY_PREFIX: `${suite.env.redisKeyPrefix}ip:` }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.request('/api/v1/auth/logout', { method: 'POST', json: { refreshToken: 'rt_unknown' } })).status);
      // Three calls fit a budget of three: each was charged once, not once before parsing and again in the guard.
      expect(statuses).toEqual([204, 204, 204, 429]);
      expect((await limited.request('/api/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('charges credentials that fail to their IP, so guessing API keys is throttled', async () => {
    const limited = await startWebApp(suite.env.config({ RATE_LIMIT_IP_PER_MIN: '3', REDIS_KEY_PREFIX: `${suite.env.redisKeyPrefix}guess:` }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.request('/api/v1/chats', { headers: { 'x-api-key': `sk_guess${i}` } })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
