import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hmacKey } from '../../common/crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { REALTIME_PATH } from '../../infra/realtime/realtime-path';
import { parseChannel, subjectId, subjectOf } from './channels';
import type { ConnectionClaims, RealtimeChannel, RealtimeSubject, SubscriptionClaims } from './realtime.types';

/** Pinned on both ends, so a token can never choose its own algorithm (`none`, or RS/HS confusion). */
const REALTIME_TOKEN_ALGORITHM = 'HS256';

/**
 * Our longest token (a visitor's subscription to its session channel) has 500 characters:
 * anything much longer is refused before it is decoded.
 */
const MAX_TOKEN_LENGTH = 1024;

export interface ConnectionToken {
  token: string;
  /** Seconds. */
  expiresIn: number;
}

export interface SubscriptionToken {
  token: string;
  channel: string;
  /** Seconds. */
  expiresIn: number;
}

/** What a signature-checked token claims, before its claims are checked. */
type UncheckedClaims = { readonly [Claim in keyof SubscriptionClaims | keyof ConnectionClaims]?: unknown };

/**
 * Realtime tokens (docs/api.md, realtime): a connection token gates the socket handshake, a subscription token
 * proves the server authorized one subject for one channel. Both are short-lived HS256 JWTs on
 * REALTIME_TOKEN_SECRET. Verification throws TOKEN_INVALID or TOKEN_EXPIRED, as for access tokens.
 */
@Injectable()
export class RealtimeTokens {
  /**
   * A JwtService of its own, never the session one: realtime and access tokens have different
   * secrets, and the `kind` claim keeps them apart even if an operator gave both the same secret.
   */
  private readonly jwt: JwtService;
  /** Why this production server must not mint tokens, if it must not (see assertMintable). */
  private readonly unsafeSetting: string | undefined;

  constructor(private readonly config: AppConfig) {
    this.jwt = new JwtService({
      secret: hmacKey(config.realtime.tokenSecret),
      signOptions: { algorithm: REALTIME_TOKEN_ALGORITHM, expiresIn: config.realtime.tokenTtlS },
      verifyOptions: { algorithms: [REALTIME_TOKEN_ALGORITHM] },
    });
    this.unsafeSetting = config.isProduction ? unsafeProductionSetting(config.realtime) : undefined;
  }

  /** Where clients open the socket with a connection token (`url` of the token endpoints' answers). */
  get socketUrl(): string {
    return socketUrlOf(this.config);
  }

  /**
   * `origin`: the browser origin the token was asked for from, for a visitor whose page is on
   * another site than the app; the socket handshake must then come from that origin.
   */
  mintConnection(subject: RealtimeSubject, origin?: string): ConnectionToken {
    this.assertMintable();
    const claims: Omit<ConnectionClaims, 'exp'> = { sub: subjectId(subject), kind: 'connection', ...(origin ? { origin } : {}) };
    return { token: this.jwt.sign(claims), expiresIn: this.config.realtime.tokenTtlS };
  }

  /** Only for a channel `subject` was just authorized for (ChannelAccess): the token is the proof of it. */
  mintSubscription(subject: RealtimeSubject, channel: RealtimeChannel): SubscriptionToken {
    this.assertMintable();
    const claims: Omit<SubscriptionClaims, 'exp'> = { sub: subjectId(subject), kind: 'subscription', channel: channel.name };
    return { token: this.jwt.sign(claims), channel: channel.name, expiresIn: this.config.realtime.tokenTtlS };
  }

  /** Who holds the connection token (taken as it came, e.g. from the handshake's `auth`). */
  verifyConnection(token: unknown): RealtimeSubject {
    return this.verifyHandshake(token).subject;
  }

  /** The connection token's holder, and the origin it was minted for, if it was minted for one. */
  verifyHandshake(token: unknown): { subject: RealtimeSubject; origin?: string } {
    const claims = this.verifiedClaims(token, 'connection');
    const subject = typeof claims.sub === 'string' ? subjectOf(claims.sub) : undefined;
    if (!subject || (claims.origin !== undefined && typeof claims.origin !== 'string')) throw invalidToken('connection');
    return typeof claims.origin === 'string' ? { subject, origin: claims.origin } : { subject };
  }

  /** The channel the token lets `subject` subscribe to: it must have been minted for exactly this subject and channel. */
  verifySubscription(token: unknown, subject: RealtimeSubject, channelName: string): RealtimeChannel {
    const claims = this.verifiedClaims(token, 'subscription');
    const channel = claims.sub === subjectId(subject) && claims.channel === channelName ? parseChannel(channelName) : undefined;
    if (!channel) throw invalidToken('subscription');
    return channel;
  }

  /** Claims of a token signed by us (HS256, REALTIME_TOKEN_SECRET), unexpired, of this kind and with an `exp`. */
  private verifiedClaims(token: unknown, kind: 'connection' | 'subscription'): UncheckedClaims {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalidToken(kind);
    let claims: UncheckedClaims;
    try {
      claims = this.jwt.verify<UncheckedClaims>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new AppException(ErrorCode.TokenExpired, `The ${kind} token has expired; ask for a new one.`);
      }
      throw invalidToken(kind);
    }
    // Without `exp` the signer would have made a token that never expires: ours always carry one.
    if (claims.kind !== kind || typeof claims.exp !== 'number') throw invalidToken(kind);
    return claims;
  }

  /**
   * REALTIME_ENABLED=false → REALTIME_DISABLED. In production, a default secret or a wildcard origin
   * stops the boot already (loadConfig); this second line of defence keeps a server that got past it
   * from handing out tokens anyone could forge, and fails loudly (a logged 500) since it is ours to fix.
   */
  private assertMintable(): void {
    if (!this.config.realtime.enabled) throw new AppException(ErrorCode.RealtimeDisabled, 'Realtime is switched off on this server.');
    if (this.unsafeSetting) throw new Error(`Refusing to mint realtime tokens in production: ${this.unsafeSetting}`);
  }
}

function invalidToken(kind: 'connection' | 'subscription'): AppException {
  return new AppException(ErrorCode.TokenInvalid, `The ${kind} token is not valid.`);
}

function unsafeProductionSetting(realtime: AppConfig['realtime']): string | undefined {
  if (realtime.tokenSecret.toLowerCase().startsWith('changeme')) return 'REALTIME_TOKEN_SECRET still holds a changeme* default';
  if (realtime.allowedOrigins.includes('*')) return 'REALTIME_ALLOWED_ORIGINS contains *';
  return undefined;
}

/**
 * The socket endpoint: the origin of REALTIME_PUBLIC_WS_URL, else APP_URL's as ws(s), at the
 * gateway's path. Only the origin is taken from either, so a configured URL works with or without
 * the path.
 */
function socketUrlOf(config: AppConfig): string {
  const base = new URL(config.realtime.publicWsUrl ?? config.http.appUrl);
  const scheme = base.protocol === 'https:' || base.protocol === 'wss:' ? 'wss:' : 'ws:';
  return `${scheme}//${base.host}${REALTIME_PATH}`;
}
