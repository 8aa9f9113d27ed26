import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { randomSecret, sha256Hex } from '../../common/crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { UserRole } from '../users/user.entity';
import type { Principal } from './principal';
import { RefreshTokenRepository } from './refresh-token.repository';

interface AccessClaims {
  sub: string;
  role: UserRole;
  kind: 'access';
}

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
    private readonly config: AppConfig,
  ) {}

  async issue(user: { id: string; role: UserRole }, familyId: string = randomUUID()): Promise<SessionTokens> {
    const claims: AccessClaims = { sub: user.id, role: user.role, kind: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlS });
    const refreshToken = REFRESH_PREFIX + randomSecret(32);
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTtlS * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTtlS };
  }

  /** Verifies an access token; TOKEN_EXPIRED or TOKEN_INVALID otherwise. */
  async verifyAccessToken(token: string): Promise<Principal> {
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new AppException(ErrorCode.TokenExpired, 'The access token has expired; refresh it.');
      }
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    const roles: unknown[] = Object.values(UserRole);
    if (claims.kind !== 'access' || typeof claims.sub !== 'string' || !roles.includes(claims.role)) {
      throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    return { kind: 'session', userId: claims.sub, role: claims.role as UserRole };
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
