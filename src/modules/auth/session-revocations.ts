import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';
import { InvalidationFeed, type RememberedReads } from '../../infra/redis/invalidation-feed';
import { RedisSubscriber } from '../../infra/redis/redis-subscriber';

/**
 * Seconds a revocation outlives the access token lifetime: each node checks `exp` against its own
 * clock, so a node whose clock lags would still take a token the others see as expired.
 */
const CLOCK_SKEW_MARGIN_S = 60;

/** How long a client should wait before asking again while Redis cannot be reached. */
const RETRY_AFTER_S = '2';

/**
 * How long a node takes what it found of a session at its word without asking again, and how many
 * sessions it remembers. Ends are heard at once (see SessionRevocations); the age bounds what a
 * lapse the connection did not report could let through.
 */
const REMEMBERED: RememberedReads = { maxAgeMs: 60_000, maxEntries: 100_000 };

/**
 * Ended sessions (a login's refresh token family, the `sid` of its access tokens), in Redis so
 * every node knows at once. An access token is stateless until it expires: a mark that lives as
 * long as the newest token a session can have issued (one access lifetime from now, plus the skew
 * margin) refuses all of them, and then expires by itself. One key per session, so it works on a
 * Redis Cluster too.
 *
 * Checking every request's session in Redis would put a round trip before every answer, so a node
 * remembers what it found of each session, and every end is also published: each node forgets an
 * ended session as it hears of it (InvalidationFeed), before any request sent after the logout's
 * answer can reach it. Decisions that race a logout on another node ask Redis (`isRevokedNow`).
 *
 * Fails closed: when Redis cannot answer, a session cannot be shown to be live, so the request is
 * refused with 503 SERVICE_UNAVAILABLE (as every other Redis outage answers), never let through.
 * Its connection lost, a node has forgotten every session it remembered, so it asks, and refuses.
 */
@Injectable()
export class SessionRevocations {
  private readonly markTtlS: number;
  /** Whether each session was ended, as found, forgotten as its end is heard. */
  private readonly ends: InvalidationFeed<boolean>;

  constructor(
    private readonly redis: RedisClients,
    subscriber: RedisSubscriber,
    config: AppConfig,
  ) {
    this.markTtlS = config.auth.accessTtlS + CLOCK_SKEW_MARGIN_S;
    this.ends = new InvalidationFeed(subscriber, redis.key('auth', 'revocations'), REMEMBERED);
  }

  /** Marks the session ended and tells every node: the mark and the publication in one round trip. */
  async revoke(sessionId: string): Promise<void> {
    this.ends.changed(sessionId);
    await this.unlessUnavailable(this.redis.app.multi().set(this.key(sessionId), '1', 'EX', this.markTtlS).publish(this.ends.channel, sessionId).exec());
  }

  /**
   * Whether the session was ended, as far as this node has heard: no round trip for a session it
   * has asked about before. Otherwise one EXISTS, in the same round trip as whatever else the node
   * sends Redis in the same tick.
   */
  isRevoked(sessionId: string): Promise<boolean> {
    return this.ends.get(sessionId, () => this.isRevokedNow(sessionId));
  }

  /** Whether the session was ended, asked of Redis: for a decision that may race a logout on another node. */
  async isRevokedNow(sessionId: string): Promise<boolean> {
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
