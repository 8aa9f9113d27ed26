import { JwtService } from '@nestjs/jwt';
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import { loadConfig } from '../../config/app-config';
import { User, UserRole } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import type { RefreshToken } from './refresh-token.entity';
import type { RefreshTokenRepository } from './refresh-token.repository';
import type { SessionRevocations } from './session-revocations';
import { SessionTokensService } from './session-tokens.service';

type RefreshTokenStore = Pick<RefreshTokenRepository, 'insert' | 'findByHash' | 'claim' | 'revokeFamily' | 'deleteDeadBefore'>;

/** RefreshTokenRepository over an array, with the same semantics as the SQL version. */
class InMemoryRefreshTokens implements RefreshTokenStore {
  readonly rows: RefreshToken[] = [];

  insert(token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    this.rows.push({ ...token, id: randomUUID(), revokedAt: null, createdAt: new Date() });
    return Promise.resolve();
  }

  findByHash(tokenHash: string): Promise<RefreshToken | null> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return Promise.resolve(row ? { ...row } : null);
  }

  claim(id: string): Promise<boolean> {
    const row = this.rows.find((r) => r.id === id && r.revokedAt === null);
    if (row) row.revokedAt = new Date();
    return Promise.resolve(row !== undefined);
  }

  revokeFamily(familyId: string): Promise<void> {
    for (const row of this.rows) if (row.familyId === familyId && row.revokedAt === null) row.revokedAt = new Date();
    return Promise.resolve();
  }

  deleteDeadBefore(before: Date): Promise<number> {
    const dead = (r: RefreshToken): boolean => r.expiresAt < before || (r.revokedAt !== null && r.revokedAt < before);
    const count = this.rows.filter(dead).length;
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => !dead(r)));
    return Promise.resolve(count);
  }
}

/** The users table as far as role lookups go, counting reads so tests can see when one happens. */
class FakeUsers implements Pick<UsersService, 'findById'> {
  readonly byId = new Map<string, User>();
  reads = 0;

  add(id: string, role: UserRole): User {
    const user = Object.assign(new User(), { id, email: `${id}@example.com`, name: 'N', role });
    this.byId.set(id, user);
    return user;
  }

  findById(id: string): Promise<User | null> {
    this.reads++;
    return Promise.resolve(this.byId.get(id) ?? null);
  }
}

/** SessionRevocations over a set (the Redis one has a spec of its own), and Redis going down on demand. */
class FakeRevocations implements Pick<SessionRevocations, 'revoke' | 'isRevoked' | 'isRevokedNow'> {
  readonly ended = new Set<string>();
  unavailable = false;

  revoke(sessionId: string): Promise<void> {
    if (this.unavailable) return Promise.reject(redisDown());
    this.ended.add(sessionId);
    return Promise.resolve();
  }

  isRevoked(sessionId: string): Promise<boolean> {
    if (this.unavailable) return Promise.reject(redisDown());
    return Promise.resolve(this.ended.has(sessionId));
  }

  isRevokedNow(sessionId: string): Promise<boolean> {
    return this.isRevoked(sessionId);
  }
}

const redisDown = (): AppException => new AppException(ErrorCode.ServiceUnavailable, 'Redis is unreachable');

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('SessionTokensService', () => {
  const config = loadConfig({});
  const user = { id: randomUUID() };
  let store: InMemoryRefreshTokens;
  let users: FakeUsers;
  let revocations: FakeRevocations;
  let jwt: JwtService;
  let service: SessionTokensService;

  beforeEach(() => {
    store = new InMemoryRefreshTokens();
    users = new FakeUsers();
    users.add(user.id, UserRole.Admin);
    revocations = new FakeRevocations();
    // Configured like AuthModule: only the secret; the service pins the algorithm itself.
    jwt = new JwtService({ secret: config.auth.jwtSecret });
    service = new SessionTokensService(
      jwt,
      store as unknown as RefreshTokenRepository,
      users as unknown as UsersService,
      revocations as unknown as SessionRevocations,
      config,
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('access tokens', () => {
    it('verifies an issued token into a session principal, without reading the database', async () => {
      const { accessToken, expiresIn } = await service.issue(user);

      expect(expiresIn).toBe(config.auth.accessTtlS);
      await expect(service.verifyAccessToken(accessToken)).resolves.toEqual({
        kind: 'session',
        userId: user.id,
        sessionId: store.rows[0]?.familyId,
        currentRole: expect.any(Function),
      });
      expect(users.reads).toBe(0);
    });

    it('names its session: the refresh token family, kept across refreshes', async () => {
      const first = await service.issue(user);
      const familyId = store.rows[0]?.familyId;
      expect(jwt.decode<Record<string, unknown>>(first.accessToken)).toMatchObject({ sid: familyId });

      await service.consumeRefreshToken(first.refreshToken);
      const next = await service.issue(user, familyId);

      await expect(service.verifyAccessToken(next.accessToken)).resolves.toMatchObject({ sessionId: familyId });
    });

    it('carries no role: the role is read from the database when asked, once per request', async () => {
      const { accessToken } = await service.issue(user);
      expect(jwt.decode<Record<string, unknown>>(accessToken)).not.toHaveProperty('role');

      const principal = await service.verifyAccessToken(accessToken);
      await expect(principal.currentRole()).resolves.toBe(UserRole.Admin);
      await expect(principal.currentRole()).resolves.toBe(UserRole.Admin);
      expect(users.reads).toBe(1);
    });

    it('answers with the demoted role on the next request with the very same token', async () => {
      const { accessToken } = await service.issue(user);
      await expect((await service.verifyAccessToken(accessToken)).currentRole()).resolves.toBe(UserRole.Admin);

      users.add(user.id, UserRole.User);

      await expect((await service.verifyAccessToken(accessToken)).currentRole()).resolves.toBe(UserRole.User);
    });

    it('reports UNAUTHENTICATED when the role is asked for an account that no longer exists', async () => {
      const { accessToken } = await service.issue(user);
      users.byId.delete(user.id);

      const principal = await service.verifyAccessToken(accessToken);

      expect((await rejectionOf(principal.currentRole())).code).toBe(ErrorCode.Unauthenticated);
    });

    it('refuses, as TOKEN_INVALID, every access token of a logged-out session, and only of that session', async () => {
      const first = await service.issue(user);
      const { familyId } = await service.consumeRefreshToken(first.refreshToken);
      const rotated = await service.issue(user, familyId);
      const otherLogin = await service.issue(user);

      await service.revoke(rotated.refreshToken);

      for (const token of [first.accessToken, rotated.accessToken]) {
        expect((await rejectionOf(service.verifyAccessToken(token))).code).toBe(ErrorCode.TokenInvalid);
      }
      await expect(service.verifyAccessToken(otherLogin.accessToken)).resolves.toMatchObject({ userId: user.id });
    });

    it("runs what the caller asks alongside the session check, and reports an ended session before that work's failure", async () => {
      const live = await service.issue(user);
      const ended = await service.issue(user);
      await service.revoke(ended.refreshToken);
      const alongside = vi.fn((_userId: string) => Promise.reject(new Error('spent')));

      await expect(service.verifyAccessToken(live.accessToken, alongside)).rejects.toThrow('spent');
      expect((await rejectionOf(service.verifyAccessToken(ended.accessToken, alongside))).code).toBe(ErrorCode.TokenInvalid);
      expect(alongside.mock.calls).toEqual([[user.id], [user.id]]);
    });

    it('takes a token minted before access tokens named their session until it expires, and refuses a malformed session', async () => {
      const legacy = jwt.sign({ sub: user.id, kind: 'access' }, { algorithm: 'HS256', expiresIn: 600 });
      await expect(service.verifyAccessToken(legacy)).resolves.toMatchObject({ kind: 'session', userId: user.id, sessionId: undefined });

      const malformed = jwt.sign({ sub: user.id, kind: 'access', sid: 42 }, { algorithm: 'HS256', expiresIn: 600 });
      expect((await rejectionOf(service.verifyAccessToken(malformed))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('fails closed when it cannot tell whether the session was ended', async () => {
      const { accessToken } = await service.issue(user);
      revocations.unavailable = true;

      expect((await rejectionOf(service.verifyAccessToken(accessToken))).code).toBe(ErrorCode.ServiceUnavailable);
    });

    it('asks about the session only once the token is shown to be ours, unexpired and an access token', async () => {
      const forged = new JwtService({ secret: 'some-other-secret-of-enough-length' }).sign({ sub: user.id, kind: 'access', sid: 's' }, { expiresIn: 600 });
      revocations.unavailable = true;

      expect((await rejectionOf(service.verifyAccessToken(forged))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('rejects a token signed with the right secret but without exp', async () => {
      const eternal = jwt.sign({ sub: user.id, kind: 'access' }, { algorithm: 'HS256' });
      expect(jwt.decode<Record<string, unknown>>(eternal)).not.toHaveProperty('exp');

      expect((await rejectionOf(service.verifyAccessToken(eternal))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('rejects a token signed with the right secret but another HMAC algorithm', async () => {
      const hs512 = jwt.sign({ sub: user.id, kind: 'access' }, { algorithm: 'HS512', expiresIn: 600 });

      expect((await rejectionOf(service.verifyAccessToken(hs512))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('reports TOKEN_EXPIRED once the access TTL has passed', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { accessToken } = await service.issue(user);

      vi.setSystemTime(Date.now() + (config.auth.accessTtlS - 5) * 1000);
      await expect(service.verifyAccessToken(accessToken)).resolves.toMatchObject({ userId: user.id });

      vi.setSystemTime(Date.now() + 10_000);
      expect((await rejectionOf(service.verifyAccessToken(accessToken))).code).toBe(ErrorCode.TokenExpired);
    });

    it('rejects a token signed with another secret', async () => {
      const forged = new JwtService({ secret: 'some-other-secret-of-enough-length' }).sign(
        { sub: user.id, kind: 'access' },
        { expiresIn: 600 },
      );

      expect((await rejectionOf(service.verifyAccessToken(forged))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('rejects an unsigned (alg none) token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
        sub: user.id,
        kind: 'access',
        iat: now,
        exp: now + 600,
      })}.`;

      expect((await rejectionOf(service.verifyAccessToken(unsigned))).code).toBe(ErrorCode.TokenInvalid);
    });

    it.each([
      ['kind is not access', { sub: 'u1', kind: 'refresh' }],
      ['kind is missing', { sub: 'u1' }],
      ['sub is missing', { kind: 'access' }],
    ])('rejects a correctly signed, unexpired token whose %s', async (_, claims) => {
      const token = jwt.sign(claims, { algorithm: 'HS256', expiresIn: 600 });

      expect((await rejectionOf(service.verifyAccessToken(token))).code).toBe(ErrorCode.TokenInvalid);
    });

    it.each(['', 'garbage', 'a.b.c'])('rejects garbage %j', async (token) => {
      expect((await rejectionOf(service.verifyAccessToken(token))).code).toBe(ErrorCode.TokenInvalid);
    });
  });

  describe('refresh tokens', () => {
    it('stores only the SHA-256 of the refresh token', async () => {
      const { refreshToken } = await service.issue(user);

      expect(store.rows).toHaveLength(1);
      expect(store.rows[0]?.tokenHash).toBe(createHash('sha256').update(refreshToken).digest('hex'));
      expect(JSON.stringify(store.rows)).not.toContain(refreshToken);
    });

    it('spends a refresh token exactly once', async () => {
      const { refreshToken } = await service.issue(user, 'family-1');

      await expect(service.consumeRefreshToken(refreshToken)).resolves.toEqual({ userId: user.id, familyId: 'family-1' });
      expect((await rejectionOf(service.consumeRefreshToken(refreshToken))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('revokes the whole family when a rotated token is replayed, and only that family', async () => {
      const first = await service.issue(user);
      const { familyId } = await service.consumeRefreshToken(first.refreshToken);
      const rotated = await service.issue(user, familyId);
      const otherLogin = await service.issue(user);

      expect((await rejectionOf(service.consumeRefreshToken(first.refreshToken))).code).toBe(ErrorCode.TokenInvalid);

      expect((await rejectionOf(service.consumeRefreshToken(rotated.refreshToken))).code).toBe(ErrorCode.TokenInvalid);
      await expect(service.consumeRefreshToken(otherLogin.refreshToken)).resolves.toMatchObject({ userId: user.id });
    });

    it('lets only one of two concurrent uses of a token win', async () => {
      const { refreshToken } = await service.issue(user);

      const results = await Promise.allSettled([
        service.consumeRefreshToken(refreshToken),
        service.consumeRefreshToken(refreshToken),
      ]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('reports TOKEN_EXPIRED for an expired refresh token', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { refreshToken } = await service.issue(user);

      vi.setSystemTime(Date.now() + (config.auth.refreshTtlS + 1) * 1000);

      expect((await rejectionOf(service.consumeRefreshToken(refreshToken))).code).toBe(ErrorCode.TokenExpired);
    });

    it.each(['', 'not-a-refresh-token', 'rt_unknown'])('rejects %j as TOKEN_INVALID', async (token) => {
      await service.issue(user);

      expect((await rejectionOf(service.consumeRefreshToken(token))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('ends the session of a replayed token: its access tokens too', async () => {
      const first = await service.issue(user);
      const { familyId } = await service.consumeRefreshToken(first.refreshToken);
      const rotated = await service.issue(user, familyId);

      await rejectionOf(service.consumeRefreshToken(first.refreshToken));

      expect(revocations.ended).toEqual(new Set([familyId]));
      expect((await rejectionOf(service.verifyAccessToken(rotated.accessToken))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('lets no refresh that raced a logout continue the session', async () => {
      const first = await service.issue(user);
      // The refresh claims its token before the logout revokes the family, and stores its new one after.
      const { familyId } = await service.consumeRefreshToken(first.refreshToken);
      await service.revoke(first.refreshToken);

      expect((await rejectionOf(service.issue(user, familyId))).code).toBe(ErrorCode.TokenInvalid);
      expect(store.rows.filter((row) => row.revokedAt === null)).toEqual([]);
    });

    it('revokes the refresh tokens even when Redis is down, and says the logout did not fully happen', async () => {
      const { refreshToken } = await service.issue(user);
      revocations.unavailable = true;

      expect((await rejectionOf(service.revoke(refreshToken))).code).toBe(ErrorCode.ServiceUnavailable);

      revocations.unavailable = false;
      expect((await rejectionOf(service.consumeRefreshToken(refreshToken))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('revoke() logs out every token of the family', async () => {
      const first = await service.issue(user, 'family-1');
      const sibling = await service.issue(user, 'family-1');
      const otherLogin = await service.issue(user, 'family-2');

      await service.revoke(first.refreshToken);

      expect((await rejectionOf(service.consumeRefreshToken(first.refreshToken))).code).toBe(ErrorCode.TokenInvalid);
      expect((await rejectionOf(service.consumeRefreshToken(sibling.refreshToken))).code).toBe(ErrorCode.TokenInvalid);
      await expect(service.consumeRefreshToken(otherLogin.refreshToken)).resolves.toMatchObject({ familyId: 'family-2' });
    });
  });

  describe('purgeDeadTokens', () => {
    it('deletes only tokens that died before the cutoff', async () => {
      const DAY_MS = 24 * 3600 * 1000;
      const now = Date.now();
      for (let i = 0; i < 4; i++) await service.issue(user);
      const [expiredLongAgo, revokedLongAgo, expiredRecently, live] = store.rows as [
        RefreshToken,
        RefreshToken,
        RefreshToken,
        RefreshToken,
      ];
      expiredLongAgo.expiresAt = new Date(now - 2 * DAY_MS);
      revokedLongAgo.revokedAt = new Date(now - 2 * DAY_MS);
      expiredRecently.expiresAt = new Date(now - 3600 * 1000);

      const deleted = await service.purgeDeadTokens(24 * 3600);

      expect(deleted).toBe(2);
      expect(store.rows.map((r) => r.id).sort()).toEqual([expiredRecently.id, live.id].sort());
    });
  });
});
