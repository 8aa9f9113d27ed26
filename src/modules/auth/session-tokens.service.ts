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

/**
 * No role claim: admin checks read the role from the database (Principal.currentRole), so a
 * demoted admin is not an admin for the rest of a token's lifetime.
 */
interface AccessClaims {
  sub: string;
  kind: 'access';
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
 * Short-lived access JWTs (stateless, HS256) and long-lived refresh tokens (opaque, stored hashed,
 * rotated on every use and revocable server-side).
 */
@Injectable()
export class SessionTokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async issue(user: { id: string }, familyId: string = randomUUID()): Promise<SessionTokens> {
    const claims: Omit<AccessClaims, 'exp'> = { sub: user.id, kind: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      expiresIn: this.config.auth.accessTtlS,
    });
    const refreshToken = REFRESH_PREFIX + randomSecret(32);
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTtlS * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTtlS };
  }

  /**
   * Verifies an access token (HS256 only, `exp` required); TOKEN_EXPIRED or TOKEN_INVALID
   * otherwise. Costs no database query: the role is read only if the request needs it.
   */
  async verifyAccessToken(token: string): Promise<Principal> {
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: [ACCESS_TOKEN_ALGORITHM] });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new AppException(ErrorCode.TokenExpired, 'The access token has expired; refresh it.');
      }
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    if (claims.kind !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    const userId = claims.sub;
    // Role lookup strategy: lazily, from MariaDB, memoised for this request only. Only admin
    // decisions ask for it (off the latency-benchmarked message path, which never does), so one
    // primary-key read there is cheap; a cache would need invalidating on every role change,
    // including ones an operator makes directly in SQL, and would reopen the window we close here.
    let role: Promise<UserRole> | undefined;
    return { kind: 'session', userId, currentRole: () => (role ??= this.storedRole(userId)) };
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
      await this.refreshTokens.revokeFamily(stored.familyId);
      throw invalid;
    }
    return { userId: stored.userId, familyId: stored.familyId };
  }

  /** Logs a session out: the token and every token rotated from the same login. */
  async revoke(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId);
  }

  purgeDeadTokens(olderThanS: number): Promise<number> {
    return this.refreshTokens.deleteDeadBefore(new Date(Date.now() - olderThanS * 1000));
  }
}
