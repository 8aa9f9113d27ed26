import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { randomSecret, sha256Hex } from '../../common/crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { UserRole } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { Principal } from './principal';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRevocations } from './session-revocations';

/**
 * No role claim: admin checks read the role from the database (Principal.currentRole), so a
 * demoted admin is not an admin for the rest of a token's lifetime.
 */
interface AccessClaims {
  sub: string;
  kind: 'access';
  /**
   * The session: the refresh token family of the login, which logout ends on every node at once
   * (SessionRevocations). Tokens minted before this claim existed are taken without it until they
   * expire (one access lifetime): a rolling upgrade must not refuse the tokens its older nodes
   * still mint, and the cost is that such a token cannot be revoked early.
   */
  sid?: string;
  /** Set by the signer from `expiresIn`; a token without it would never expire, so it is refused. */
  exp: number;
}

/** Pinned on both ends, so a token can never choose its own algorithm (`none`, or RS/HS confusion). */
const ACCESS_TOKEN_ALGORITHM = 'HS256';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
}

const REFRESH_PREFIX = 'rt_';

/**
 * Short-lived access JWTs (HS256) and long-lived refresh tokens (opaque, stored hashed, rotated on
 * every use and revocable server-side). An access token is stateless but for one check: that its
 * session was not ended (logout, a replayed refresh token), which every node sees in Redis.
 */
@Injectable()
export class SessionTokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly users: UsersService,
    private readonly revocations: SessionRevocations,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session, or continues `familyId` (a refresh: its token was just consumed). */
  async issue(user: { id: string }, familyId?: string): Promise<SessionTokens> {
    const sessionId = familyId ?? randomUUID();
    const refreshToken = REFRESH_PREFIX + randomSecret(32);
    await this.refreshTokens.insert({
      userId: user.id,
      familyId: sessionId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTtlS * 1000),
    });
    // A refresh racing a logout may have claimed its token before the family was revoked and
    // stored the new one after: checked once stored (logout marks before it revokes), so the
    // continued session dies here rather than outlive its logout.
    if (familyId !== undefined && (await this.revocations.isRevokedNow(familyId))) {
      await this.refreshTokens.revokeFamily(familyId);
      throw new AppException(ErrorCode.TokenInvalid, 'This session was logged out; log in again.');
    }
    const claims: Omit<AccessClaims, 'exp'> = { sub: user.id, kind: 'access', sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      expiresIn: this.config.auth.accessTtlS,
    });
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTtlS };
  }

  /**
   * Verifies an access token (HS256 only, `exp` required, its session not ended); TOKEN_EXPIRED
   * or TOKEN_INVALID otherwise, 503 SERVICE_UNAVAILABLE when Redis cannot say. Costs no database
   * query (the role is read only if the request needs it), and a Redis EXISTS only for a session
   * this node has not found live before (SessionRevocations). `alongside` (the token's user) runs
   * at the same time as the check once the token's signature holds, and has settled when this
   * does; its rejection is thrown only for a live session.
   */
  async verifyAccessToken(token: string, alongside?: (userId: string) => Promise<void>): Promise<Principal> {
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: [ACCESS_TOKEN_ALGORITHM] });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new AppException(ErrorCode.TokenExpired, 'The access token has expired; refresh it.');
      }
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    const sessionId = claims.sid;
    if (claims.kind !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || (sessionId !== undefined && typeof sessionId !== 'string')) {
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    const userId = claims.sub;
    // The same answer as a forged token: a client that was logged out elsewhere refreshes (and
    // fails), whichever node it asks. Whatever the caller does alongside goes to Redis in the same
    // round trip as a check that asks (both are sent before either answer arrives).
    const [live, beside] = await Promise.allSettled([this.assertSessionLive(sessionId, 'The access token is not valid.'), alongside?.(userId)]);
    if (live.status === 'rejected') throw live.reason;
    if (beside.status === 'rejected') throw beside.reason;
    // Role lookup strategy: lazily, from MariaDB, memoised for this request only. Only admin
    // decisions ask for it (off the latency-benchmarked message path, which never does), so one
    // primary-key read there is cheap; a cache would need invalidating on every role change,
    // including ones an operator makes directly in SQL, and would reopen the window we close here.
    let role: Promise<UserRole> | undefined;
    return { kind: 'session', userId, sessionId, currentRole: () => (role ??= this.storedRole(userId)) };
  }

  /**
   * TOKEN_INVALID with `message` when the session was ended, on whichever node; for credentials
   * minted from a session (the queue dashboard's pass) that must end with it. A credential minted
   * before it named its session (`undefined`) is let through until it expires.
   */
  async assertSessionLive(sessionId: string | undefined, message: string): Promise<void> {
    if (sessionId !== undefined && (await this.revocations.isRevoked(sessionId))) {
      throw new AppException(ErrorCode.TokenInvalid, message);
    }
  }

  private async storedRole(userId: string): Promise<UserRole> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException(ErrorCode.Unauthenticated, 'This account no longer exists.');
    return user.role;
  }

  /**
   * Spends a refresh token and returns the user it belongs to, with the family to continue.
   * Presenting an already-rotated token means it leaked: the whole family is revoked.
   */
  async consumeRefreshToken(refreshToken: string): Promise<{ userId: string; familyId: string }> {
    const invalid = new AppException(ErrorCode.TokenInvalid, 'The refresh token is not valid; log in again.');
    if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid;
    const stored = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
    if (!stored) throw invalid;
    if (stored.expiresAt.getTime() <= Date.now()) {
      throw new AppException(ErrorCode.TokenExpired, 'The refresh token has expired; log in again.');
    }
    if (stored.revokedAt !== null || !(await this.refreshTokens.claim(stored.id))) {
      await this.endSession(stored.familyId);
      throw invalid;
    }
    return { userId: stored.userId, familyId: stored.familyId };
  }

  /**
   * Logs a session out: the token, every token rotated from the same login, and their access
   * tokens, on every node at once.
   */
  async revoke(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
    if (stored) await this.endSession(stored.familyId);
  }

  /**
   * Marks the session ended in Redis first (a refresh racing this checks the mark after storing its
   * new token, see `issue`), then revokes its refresh tokens in MariaDB. The refresh tokens are
   * revoked even when Redis cannot be reached; the caller then gets the outage's 503 all the same,
   * since the access tokens were not revoked (while Redis is down they are refused anyway).
   */
  private async endSession(familyId: string): Promise<void> {
    try {
      await this.revocations.revoke(familyId);
    } finally {
      await this.refreshTokens.revokeFamily(familyId);
    }
  }

  purgeDeadTokens(olderThanS: number): Promise<number> {
    return this.refreshTokens.deleteDeadBefore(new Date(Date.now() - olderThanS * 1000));
  }
}
