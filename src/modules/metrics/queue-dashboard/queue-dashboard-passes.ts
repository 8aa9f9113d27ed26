import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hmacKey } from '../../../common/crypto';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';

/** Pinned on both ends, so a pass can never choose its own algorithm. */
const PASS_ALGORITHM = 'HS256';

/** A pass is a couple of hundred characters: anything much longer is refused before it is decoded. */
const MAX_PASS_LENGTH = 1024;

interface PassClaims {
  sub: string;
  kind: 'queue-dashboard';
  /** The session the pass was opened from, so it ends with it (absent from passes opened before passes named it). */
  sid?: string;
  exp: number;
}

/** Whom a pass was issued to, and from which session (see Principal). */
export interface PassHolder {
  userId: string;
  sessionId?: string;
}

/**
 * Passes to the queue dashboard: short-lived HS256 JWTs naming the admin who opened it, carried by
 * a cookie because a browser page cannot send the SPA's bearer token. Signed with JWT_SECRET like
 * access tokens, but the `kind` claim keeps the two apart both ways: a pass is no access token
 * (SessionTokensService wants `access`) and an access token is no pass. A pass says who, never
 * whether they are an admin: the dashboard asks the database on every request. It names the
 * session it was opened from, so a logout closes the dashboard too (QueueDashboardGate).
 */
@Injectable()
export class QueueDashboardPasses {
  private readonly jwt: JwtService;
  /** Seconds a pass is valid: as long as an access token, so the cookie outlives no login. */
  readonly ttlS: number;

  constructor(config: AppConfig) {
    this.ttlS = config.auth.accessTtlS;
    this.jwt = new JwtService({
      secret: hmacKey(config.auth.jwtSecret),
      signOptions: { algorithm: PASS_ALGORITHM, expiresIn: this.ttlS },
      verifyOptions: { algorithms: [PASS_ALGORITHM] },
    });
  }

  issue(holder: PassHolder): Promise<string> {
    const claims: Omit<PassClaims, 'exp'> = { sub: holder.userId, kind: 'queue-dashboard', sid: holder.sessionId };
    return this.jwt.signAsync(claims);
  }

  /** Whom a pass names; TOKEN_EXPIRED or TOKEN_INVALID otherwise. */
  async holderOf(pass: string): Promise<PassHolder> {
    const invalid = new AppException(ErrorCode.TokenInvalid, 'The queue dashboard pass is not valid; open the dashboard from the app again.');
    if (pass.length > MAX_PASS_LENGTH) throw invalid;
    let claims: Partial<PassClaims>;
    try {
      claims = await this.jwt.verifyAsync<PassClaims>(pass);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new AppException(ErrorCode.TokenExpired, 'The queue dashboard pass has expired; open the dashboard from the app again.');
      }
      throw invalid;
    }
    if (claims.kind !== 'queue-dashboard' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw invalid;
    if (claims.sid !== undefined && typeof claims.sid !== 'string') throw invalid;
    return { userId: claims.sub, sessionId: claims.sid };
  }
}
