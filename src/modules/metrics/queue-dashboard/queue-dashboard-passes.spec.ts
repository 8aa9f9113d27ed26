import { JwtService } from '@nestjs/jwt';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../config/app-config';
import { cookieValue } from './queue-dashboard-gate';
import { QueueDashboardPasses } from './queue-dashboard-passes';

const SECRET = 'a-test-secret-of-enough-length';
const config = { auth: { jwtSecret: SECRET, accessTtlS: 900 } } as AppConfig;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? 'no code',
  );
}

describe('QueueDashboardPasses', () => {
  const passes = new QueueDashboardPasses(config);

  it('names the user it was issued to and the session it was opened from, for as long as an access token lives', async () => {
    const pass = await passes.issue({ userId: 'user-1', sessionId: 'session-1' });
    expect(await passes.holderOf(pass)).toEqual({ userId: 'user-1', sessionId: 'session-1' });
    expect(passes.ttlS).toBe(900);
  });

  it('takes a pass that names no session (opened before passes named one), and refuses a malformed session', async () => {
    expect(await passes.holderOf(await passes.issue({ userId: 'user-1' }))).toEqual({ userId: 'user-1', sessionId: undefined });
    const malformed = await new JwtService({ secret: SECRET }).signAsync({ sub: 'user-1', kind: 'queue-dashboard', sid: 7 }, { algorithm: 'HS256', expiresIn: 60 });
    expect(await codeOf(passes.holderOf(malformed))).toBe('TOKEN_INVALID');
  });

  it('refuses an access token signed with the same secret, and a pass signed with another', async () => {
    const accessToken = await new JwtService({ secret: SECRET }).signAsync({ sub: 'user-1', kind: 'access' }, { algorithm: 'HS256', expiresIn: 60 });
    expect(await codeOf(passes.holderOf(accessToken))).toBe('TOKEN_INVALID');
    const foreign = await new QueueDashboardPasses({ auth: { jwtSecret: 'another-secret-entirely', accessTtlS: 900 } } as AppConfig).issue({ userId: 'user-1' });
    expect(await codeOf(passes.holderOf(foreign))).toBe('TOKEN_INVALID');
    expect(await codeOf(passes.holderOf('x'.repeat(5000)))).toBe('TOKEN_INVALID');
  });

  it('refuses an expired pass as expired', async () => {
    const expired = await new JwtService({ secret: SECRET }).signAsync({ sub: 'user-1', kind: 'queue-dashboard', exp: Math.floor(Date.now() / 1000) - 10 }, { algorithm: 'HS256' });
    expect(await codeOf(passes.holderOf(expired))).toBe('TOKEN_EXPIRED');
  });
});

describe('cookieValue', () => {
  it('finds one cookie among others, and nothing by a prefix or in a value', () => {
    expect(cookieValue('a=1; sb_queue_dashboard=abc.def; b=2', 'sb_queue_dashboard')).toBe('abc.def');
    expect(cookieValue('xsb_queue_dashboard=1; c=sb_queue_dashboard=2', 'sb_queue_dashboard')).toBeUndefined();
    expect(cookieValue('', 'sb_queue_dashboard')).toBeUndefined();
  });
});
