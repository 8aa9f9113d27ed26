import { JwtService } from '@nestjs/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { codeThrownBy } from '../../common/testing/rejection-of';
import { loadConfig } from '../../config/app-config';
import { RealtimeTokens } from './realtime-tokens.service';
import type { RealtimeSubject } from './realtime.types';
import { channel } from './testing/channels';

const USER_ID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const WIDGET_ID = '0b7e4a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';
const SESSION_ID = `sess_${'x'.repeat(64)}`;
const user: RealtimeSubject = { kind: 'user', userId: USER_ID };
const visitor: RealtimeSubject = { kind: 'visitor', widgetId: WIDGET_ID, sessionId: SESSION_ID };

const userChannel = channel(`user:${USER_ID}`);
const sessionChannel = channel(`widget:session.${WIDGET_ID}.${SESSION_ID}`);

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('RealtimeTokens', () => {
  const config = loadConfig({ REALTIME_TOKEN_TTL_S: '90' });
  const tokens = new RealtimeTokens(config);
  /** Signs anything with the realtime secret: what a holder of that secret could forge. */
  const signer = new JwtService({ secret: config.realtime.tokenSecret });
  const now = (): number => Math.floor(Date.now() / 1000);

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('connection tokens', () => {
    it.each([
      ['a user', user, `user:${USER_ID}`],
      ['a widget visitor', visitor, `visitor:${WIDGET_ID}.${SESSION_ID}`],
    ])('round-trips %s, with the claims the protocol fixes and the configured lifetime', (_, subject, sub) => {
      const { token, expiresIn } = tokens.mintConnection(subject);

      expect(expiresIn).toBe(90);
      const header = signer.decode<{ header: { alg: string } }>(token, { complete: true }).header;
      expect(header.alg).toBe('HS256');
      const claims = signer.decode<Record<string, unknown>>(token);
      expect(claims).toEqual({ sub, kind: 'connection', iat: expect.any(Number), exp: expect.any(Number) });
      expect((claims.exp as number) - (claims.iat as number)).toBe(90);
      expect(tokens.verifyConnection(token)).toEqual(subject);
    });

    it('reports TOKEN_EXPIRED once the lifetime has passed', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { token } = tokens.mintConnection(user);

      vi.setSystemTime(Date.now() + 85_000);
      expect(tokens.verifyConnection(token)).toEqual(user);

      vi.setSystemTime(Date.now() + 10_000);
      expect(codeThrownBy(() => tokens.verifyConnection(token))).toBe(ErrorCode.TokenExpired);
    });

    it('refuses a subscription token as a connection token', () => {
      const { token } = tokens.mintSubscription(user, userChannel);

      expect(codeThrownBy(() => tokens.verifyConnection(token))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a session access token, even when JWT_SECRET equals REALTIME_TOKEN_SECRET', () => {
      const accessToken = signer.sign({ sub: USER_ID, kind: 'access' }, { algorithm: 'HS256', expiresIn: 600 });
      const withUserSub = signer.sign({ sub: `user:${USER_ID}`, kind: 'access' }, { algorithm: 'HS256', expiresIn: 600 });

      expect(codeThrownBy(() => tokens.verifyConnection(accessToken))).toBe(ErrorCode.TokenInvalid);
      expect(codeThrownBy(() => tokens.verifyConnection(withUserSub))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a token signed with another secret (the session secret among them)', () => {
      const forged = new JwtService({ secret: config.auth.jwtSecret }).sign({ sub: `user:${USER_ID}`, kind: 'connection' }, { expiresIn: 60 });

      expect(codeThrownBy(() => tokens.verifyConnection(forged))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a correctly signed token without exp', () => {
      const eternal = signer.sign({ sub: `user:${USER_ID}`, kind: 'connection' }, { algorithm: 'HS256' });

      expect(codeThrownBy(() => tokens.verifyConnection(eternal))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a correctly signed token of another HMAC algorithm', () => {
      const hs512 = signer.sign({ sub: `user:${USER_ID}`, kind: 'connection' }, { algorithm: 'HS512', expiresIn: 60 });

      expect(codeThrownBy(() => tokens.verifyConnection(hs512))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses an unsigned (alg none) token', () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: `user:${USER_ID}`, kind: 'connection', iat: now(), exp: now() + 60 })}.`;

      expect(codeThrownBy(() => tokens.verifyConnection(unsigned))).toBe(ErrorCode.TokenInvalid);
    });

    it.each([
      ['a sub that is a bare user id', { sub: USER_ID, kind: 'connection' }],
      ['a sub of an unknown kind', { sub: `operator:${USER_ID}`, kind: 'connection' }],
      ['a visitor sub with a malformed session', { sub: `visitor:${WIDGET_ID}.sess_short`, kind: 'connection' }],
      ['a numeric sub', { sub: 42, kind: 'connection' }],
      ['no sub', { kind: 'connection' }],
      ['no kind', { sub: `user:${USER_ID}` }],
    ])('refuses a correctly signed, unexpired token with %s', (_, claims) => {
      const token = signer.sign(claims, { algorithm: 'HS256', expiresIn: 60 });

      expect(codeThrownBy(() => tokens.verifyConnection(token))).toBe(ErrorCode.TokenInvalid);
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['a number', 42],
      ['an object', { token: 'x' }],
      ['the empty string', ''],
      ['garbage', 'not.a.jwt'],
      ['a megabyte', 'a'.repeat(1_000_000)],
    ])('refuses %s as TOKEN_INVALID', (_, token) => {
      expect(codeThrownBy(() => tokens.verifyConnection(token))).toBe(ErrorCode.TokenInvalid);
    });
  });

  describe('subscription tokens', () => {
    it('round-trips the channel for the subject it was minted for', () => {
      const minted = tokens.mintSubscription(user, userChannel);

      expect(minted).toEqual({ token: expect.any(String), channel: userChannel.name, expiresIn: 90 });
      expect(signer.decode<Record<string, unknown>>(minted.token)).toEqual({
        sub: `user:${USER_ID}`,
        kind: 'subscription',
        channel: userChannel.name,
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(tokens.verifySubscription(minted.token, user, userChannel.name)).toEqual(userChannel);
    });

    it('keeps the longest token, a visitor on its session channel, within the accepted length', () => {
      const { token } = tokens.mintSubscription(visitor, sessionChannel);

      expect(token.length).toBeLessThan(600);
      expect(tokens.verifySubscription(token, visitor, sessionChannel.name)).toEqual(sessionChannel);
    });

    it('refuses the token for another subject or another channel', () => {
      const { token } = tokens.mintSubscription(user, userChannel);
      const otherUser: RealtimeSubject = { kind: 'user', userId: '00000000-0000-4000-8000-000000000000' };

      expect(codeThrownBy(() => tokens.verifySubscription(token, otherUser, userChannel.name))).toBe(ErrorCode.TokenInvalid);
      expect(codeThrownBy(() => tokens.verifySubscription(token, visitor, userChannel.name))).toBe(ErrorCode.TokenInvalid);
      expect(codeThrownBy(() => tokens.verifySubscription(token, user, 'system:news'))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a connection token as a subscription token', () => {
      const { token } = tokens.mintConnection(user);

      expect(codeThrownBy(() => tokens.verifySubscription(token, user, userChannel.name))).toBe(ErrorCode.TokenInvalid);
    });

    it('refuses a signed claim for a name that is not a channel', () => {
      const token = signer.sign({ sub: `user:${USER_ID}`, kind: 'subscription', channel: 'users:everyone' }, { algorithm: 'HS256', expiresIn: 60 });

      expect(codeThrownBy(() => tokens.verifySubscription(token, user, 'users:everyone'))).toBe(ErrorCode.TokenInvalid);
    });

    it('reports TOKEN_EXPIRED once the lifetime has passed', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { token } = tokens.mintSubscription(user, userChannel);

      vi.setSystemTime(Date.now() + 95_000);

      expect(codeThrownBy(() => tokens.verifySubscription(token, user, userChannel.name))).toBe(ErrorCode.TokenExpired);
    });
  });

  describe('when it must not mint', () => {
    it('answers REALTIME_DISABLED when realtime is switched off, and still verifies', () => {
      const issued = tokens.mintConnection(user).token;
      const disabled = new RealtimeTokens(loadConfig({ REALTIME_ENABLED: 'false' }));

      expect(codeThrownBy(() => disabled.mintConnection(user))).toBe(ErrorCode.RealtimeDisabled);
      expect(codeThrownBy(() => disabled.mintSubscription(user, userChannel))).toBe(ErrorCode.RealtimeDisabled);
      expect(disabled.verifyConnection(issued)).toEqual(user);
    });

    // loadConfig refuses these in production, so the config is built as if that check had been missed.
    it.each([
      ['the secret is a changeme default', { tokenSecret: 'ChangeMe-realtime-secret-of-length' }, 'REALTIME_TOKEN_SECRET'],
      ['the origins hold a wildcard', { allowedOrigins: ['https://chat.example.com', '*'] }, 'REALTIME_ALLOWED_ORIGINS'],
    ])('refuses to mint in production when %s, naming the setting', (_, unsafe, setting) => {
      const production = { ...config, isProduction: true, realtime: { ...config.realtime, tokenSecret: 'a-real-realtime-secret-0123456789', ...unsafe } };
      const refusing = new RealtimeTokens(production);

      expect(() => refusing.mintConnection(user)).toThrow(setting);
      expect(() => refusing.mintSubscription(user, userChannel)).toThrow(setting);
    });

    it('mints in production with a real secret and listed origins, and outside production with the defaults', () => {
      const production = { ...config, isProduction: true, realtime: { ...config.realtime, tokenSecret: 'a-real-realtime-secret-0123456789' } };

      expect(new RealtimeTokens(production).mintConnection(user).token).toEqual(expect.any(String));
      expect(config.realtime.tokenSecret).toMatch(/^changeme/);
      expect(tokens.mintConnection(user).token).toEqual(expect.any(String));
    });
  });
});
