import { JwtService } from '@nestjs/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

/** Every bad request gets a 4xx with a stable code, and nothing reaches the database. */
describe('bad input', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let accessToken: string;
  const jwtSecret = 'medium-test-jwt-secret-0123456789';

  const userCount = async (): Promise<number> => Number((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0]?.n);
  const expectError = async (res: Response, status: number, code: string): Promise<void> => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config({ JWT_SECRET: jwtSecret, HTTP_BODY_LIMIT_BYTES: '4096' }));
    accessToken = (await registerUser(web, 'owner@example.com', { name: 'Owner' })).accessToken;
  });
  afterAll(async () => {
    await web?.close();
    await env?.dispose();
  });

  it('rejects malformed JSON with MALFORMED_JSON', async () => {
    const res = await web.request('/api/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": "x@example.com",' });
    await expectError(res, 400, 'MALFORMED_JSON');
    expect(await userCount()).toBe(1);
  });

  it('rejects unknown fields and invalid values with VALIDATION_FAILED, naming the field', async () => {
    const unknown = await web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'a@example.com', password: 'long enough', name: 'A', role: 'admin' } });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('role');

    await expectError(await web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'not-an-email', password: 'long enough', name: 'A' } }), 400, 'VALIDATION_FAILED');
    await expectError(await web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'b@example.com', password: 'short', name: 'B' } }), 400, 'VALIDATION_FAILED');
    await expectError(await web.request('/api/v1/auth/register', { method: 'POST', json: ['array'] }), 400, 'VALIDATION_FAILED');
    expect(await userCount()).toBe(1);
  });

  it('rejects oversized bodies with PAYLOAD_TOO_LARGE', async () => {
    const res = await web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'big@example.com', password: 'long enough', name: 'x'.repeat(10_000) } });
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await userCount()).toBe(1);
  });

  it('rejects a second account with the same email (any case) with EMAIL_TAKEN', async () => {
    await expectError(await web.request('/api/v1/auth/register', { method: 'POST', json: { email: 'OWNER@example.com', password: 'long enough', name: 'Again' } }), 409, 'EMAIL_TAKEN');
    expect(await userCount()).toBe(1);
  });

  it('answers wrong credentials and unknown accounts alike with INVALID_CREDENTIALS', async () => {
    await expectError(await web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'owner@example.com', password: 'wrong password' } }), 401, 'INVALID_CREDENTIALS');
    await expectError(await web.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nobody@example.com', password: 'long enough' } }), 401, 'INVALID_CREDENTIALS');
  });

  it('refuses missing, expired, forged and wrong-kind tokens', async () => {
    await expectError(await web.request('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    await expectError(await web.request('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHENTICATED');

    const sub = (await env.query<{ id: string }>('SELECT id FROM users'))[0]?.id ?? '';
    const ours = new JwtService({ secret: jwtSecret });
    const expired = await ours.signAsync({ sub, role: 'admin', kind: 'access' }, { expiresIn: -60 });
    await expectError(await web.request('/api/v1/auth/me', { token: expired }), 401, 'TOKEN_EXPIRED');

    const forged = await new JwtService({ secret: 'someone-elses-secret-0123456789' }).signAsync({ sub, role: 'admin', kind: 'access' });
    await expectError(await web.request('/api/v1/auth/me', { token: forged }), 401, 'TOKEN_INVALID');

    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, role: 'admin', kind: 'access' })).toString('base64url')}.`;
    await expectError(await web.request('/api/v1/auth/me', { token: unsigned }), 401, 'TOKEN_INVALID');

    const wrongKind = await ours.signAsync({ sub, role: 'admin', kind: 'connection' });
    await expectError(await web.request('/api/v1/auth/me', { token: wrongKind }), 401, 'TOKEN_INVALID');

    await expectError(await web.request('/api/v1/auth/me', { headers: { 'x-api-key': 'sk_not-a-real-key' } }), 401, 'TOKEN_INVALID');
    await expectError(await web.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: 'rt_forged-token-value' } }), 401, 'TOKEN_INVALID');
  });

  it('rejects bad path parameters and unknown routes with codes', async () => {
    await expectError(await web.request('/api/v1/apikeys/not-a-uuid', { method: 'DELETE', token: accessToken }), 400, 'VALIDATION_FAILED');
    await expectError(await web.request('/api/v1/apikeys/6c1b1d7e-5d6e-4a4f-9d51-6a8f3b2e1c00', { method: 'DELETE', token: accessToken }), 404, 'NOT_FOUND');
    await expectError(await web.request('/api/v1/no-such-thing', { token: accessToken }), 404, 'NOT_FOUND');
  });
});
