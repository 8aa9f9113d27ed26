import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeThrownBy } from '../../src/common/testing/rejection-of';
import { parseChannel } from '../../src/modules/realtime/channels';
import { RealtimeTokens } from '../../src/modules/realtime/realtime-tokens.service';
import type { RealtimeSubject } from '../../src/modules/realtime/realtime.types';
import { startWebApp } from '../support/test-app';
import { registerUser, type Session } from '../support/users';
import { webAppPerSuite } from '../support/web-app-suite';

const WIDGET_ID = randomUUID();
const SESSION_ID = `sess_${'v'.repeat(24)}`;

describe('realtime tokens: POST /realtime/token and /realtime/subscribe', () => {
  const suite = webAppPerSuite();
  let me: Session;
  let other: Session;
  let tokens: RealtimeTokens;
  let subject: RealtimeSubject;

  const register = (email: string): Promise<Session> => registerUser(suite.web, email, { name: 'Realtime' });

  const subscribe = (body: unknown, token = me.accessToken): Promise<Response> =>
    suite.web.request('/api/v1/realtime/subscribe', { method: 'POST', token, json: body });

  const errorOf = async (res: Response): Promise<{ status: number; code: string }> => ({
    status: res.status,
    code: ((await res.json()) as { error: { code: string } }).error.code,
  });

  beforeAll(async () => {
    me = await register('me@example.com');
    other = await register('other@example.com');
    tokens = suite.web.app.get(RealtimeTokens);
    subject = { kind: 'user', userId: me.user.id };
  });

  it('gives a logged-in user a connection token for themselves, and where to connect', async () => {
    const res = await suite.web.request('/api/v1/realtime/token', { method: 'POST', token: me.accessToken });

    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresIn: number; url: string };
    expect(body).toEqual({ token: expect.any(String), expiresIn: 60, url: 'ws://localhost:3000/connection/websocket' });
    expect(tokens.verifyConnection(body.token)).toEqual(subject);
    expect(new JwtService().decode<Record<string, unknown>>(body.token)).toEqual({
      sub: `user:${me.user.id}`,
      kind: 'connection',
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
  });

  it.each([
    ['their own user channel', () => `user:${me.user.id}`],
    ['a system channel', () => 'system:news'],
  ])('gives a subscription token for %s, bound to the user and the channel', async (_, channelName) => {
    const channel = channelName();

    const res = await subscribe({ channel });

    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; channel: string; expiresIn: number };
    expect(body).toEqual({ token: expect.any(String), channel, expiresIn: 60 });
    expect(tokens.verifySubscription(body.token, subject, channel)).toEqual(parseChannel(channel));
    expect(new JwtService().decode<Record<string, unknown>>(body.token)).toMatchObject({ sub: `user:${me.user.id}`, kind: 'subscription', channel });
    expect(codeThrownBy(() => tokens.verifySubscription(body.token, { kind: 'user', userId: other.user.id }, channel))).toBe('TOKEN_INVALID');
    expect(codeThrownBy(() => tokens.verifyConnection(body.token))).toBe('TOKEN_INVALID');
  });

  it.each([
    ["another user's channel", () => `user:${other.user.id}`],
    ['a user channel of nobody', () => `user:${randomUUID()}`],
    ['a widget session channel', () => `widget:session.${WIDGET_ID}.${SESSION_ID}`],
    ['a widget operators channel', () => `widget:operators.${WIDGET_ID}`],
    ['a widget typing channel', () => `widgettyping:${WIDGET_ID}.${SESSION_ID}`],
  ])('refuses %s with 403 CHANNEL_FORBIDDEN', async (_, channelName) => {
    await expect(errorOf(await subscribe({ channel: channelName() }))).resolves.toEqual({ status: 403, code: 'CHANNEL_FORBIDDEN' });
  });

  it.each([
    ['an unknown namespace', 'users:everyone'],
    ['a user id that is not a UUID', 'user:42'],
    ['a user id in capitals', () => `user:${me.user.id.toUpperCase()}`],
    ['a topic in capitals', 'system:News'],
    ['the empty string', ''],
    ['a name of 10 000 characters', `system:${'a'.repeat(10_000)}`],
  ])('refuses %s with 400 CHANNEL_INVALID', async (_, channel) => {
    const name = typeof channel === 'function' ? channel() : channel;

    await expect(errorOf(await subscribe({ channel: name }))).resolves.toEqual({ status: 400, code: 'CHANNEL_INVALID' });
  });

  it.each([
    ['no channel', {}],
    ['a channel that is not a string', { channel: ['system:news'] }],
    ['an unknown field', { channel: 'system:news', widget: WIDGET_ID }],
  ])('refuses a body with %s with 400 VALIDATION_FAILED', async (_, body) => {
    await expect(errorOf(await subscribe(body))).resolves.toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers only logged-in sessions: no credentials → 401, an API key → 403', async () => {
    const created = await suite.web.request('/api/v1/apikeys', { method: 'POST', token: me.accessToken, json: { name: 'bot' } });
    const { key } = (await created.json()) as { key: string };

    for (const path of ['/api/v1/realtime/token', '/api/v1/realtime/subscribe']) {
      const json = path.endsWith('subscribe') ? { channel: 'system:news' } : undefined;
      await expect(errorOf(await suite.web.request(path, { method: 'POST', json }))).resolves.toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      await expect(errorOf(await suite.web.request(path, { method: 'POST', json, token: key }))).resolves.toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });

  it('keeps access tokens and realtime tokens apart', async () => {
    const connection = (await (await suite.web.request('/api/v1/realtime/token', { method: 'POST', token: me.accessToken })).json()) as { token: string };

    expect(codeThrownBy(() => tokens.verifyConnection(me.accessToken))).toBe('TOKEN_INVALID');
    expect(codeThrownBy(() => tokens.verifySubscription(me.accessToken, subject, `user:${me.user.id}`))).toBe('TOKEN_INVALID');
    await expect(errorOf(await suite.web.request('/api/v1/auth/me', { token: connection.token }))).resolves.toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('points clients at REALTIME_PUBLIC_WS_URL when it is set', async () => {
    const behindProxy = await startWebApp(suite.env.config({ REALTIME_PUBLIC_WS_URL: 'wss://rt.example.com' }));
    try {
      const res = await behindProxy.request('/api/v1/realtime/token', { method: 'POST', token: me.accessToken });

      expect(((await res.json()) as { url: string }).url).toBe('wss://rt.example.com/connection/websocket');
    } finally {
      await behindProxy.close();
    }
  });

  it('answers 503 REALTIME_DISABLED on a node with realtime switched off', async () => {
    const disabled = await startWebApp(suite.env.config({ REALTIME_ENABLED: 'false' }));
    try {
      const token = await disabled.request('/api/v1/realtime/token', { method: 'POST', token: me.accessToken });
      const subscription = await disabled.request('/api/v1/realtime/subscribe', { method: 'POST', token: me.accessToken, json: { channel: `user:${me.user.id}` } });

      await expect(errorOf(token)).resolves.toEqual({ status: 503, code: 'REALTIME_DISABLED' });
      await expect(errorOf(subscription)).resolves.toEqual({ status: 503, code: 'REALTIME_DISABLED' });
    } finally {
      await disabled.close();
    }
  });
});
