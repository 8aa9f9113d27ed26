import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';

/**
 * Seconds a revocation outlives the access token lifetime: each node checks `exp` against its own
 * clock, so a node whose clock lags would still take a token the others see as expired.
 */
const CLOCK_SKEW_MARGIN_S = 60;

/** How long a client should wait before asking again while Redis cannot be reached. */
const RETRY_AFTER_S = '2';

/**
 * Ended sessions (a login's refresh token family, the `sid` of its access tokens), in Redis so
 * every node knows at once. An access token is stateless until it expires: a mark that lives as
 * long as the newest token a session can have issued (one access lifetime from now, plus the skew
 * margin) refuses all of them, and then expires by itself. One key per session, so it works on a
 * Redis Cluster too.
 *
 * Fails closed: when Redis cannot answer, a session cannot be shown to be live, so the request is
 * refused with 503 SERVICE_UNAVAILABLE (as every other Redis outage answers), never let through.
 */
@Injectable()
export class SessionRevocations {
  private readonly markTtlS: number;

  constructor(
    private readonly redis: RedisClients,
    config: AppConfig,
  ) {
    this.markTtlS = config.auth.accessTtlS + CLOCK_SKEW_MARGIN_S;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.unlessUnavailable(this.redis.app.set(this.key(sessionId), '1', 'EX', this.markTtlS));
  }

  /** One EXISTS: auto-pipelined with whatever else the node sends Redis in the same tick. */
  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.unlessUnavailable(this.redis.app.exists(this.key(sessionId)))) === 1;
  }

  private key(sessionId: string): string {
    return this.redis.key('auth', 'revoked', sessionId);
  }

  /**
   * Any Redis failure (an outage, a cluster in failover) becomes the outage's 503, never a 500 nor
   * a pass. Not logged: the connection's own warnings and /api/health already say Redis is down.
   */
  private async unlessUnavailable<T>(command: Promise<T>): Promise<T> {
    try {
      return await command;
    } catch {
      throw new AppException(ErrorCode.ServiceUnavailable, 'Sessions cannot be checked right now (Redis is unreachable). Please try again shortly.', {
        'Retry-After': RETRY_AFTER_S,
      });
    }
  }
}
