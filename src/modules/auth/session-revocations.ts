import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';
import { InvalidationFeed } from '../../infra/redis/invalidation-feed';
import { RedisSubscriber } from '../../infra/redis/redis-subscriber';

/**
 * Seconds a revocation outlives the access token lifetime: each node checks `exp` against its own
 * clock, so a node whose clock lags would still take a token the others see as expired.
 */
const CLOCK_SKEW_MARGIN_S = 60;

/** How long a client should wait before asking again while Redis cannot be reached. */
const RETRY_AFTER_S = '2';

/**
 * How long a node takes a session it found live at its word without asking again. Ends are heard
 * at once (see SessionRevocations); this bounds what a lapse the connection did not report could
 * let through.
 */
const LIVE_TRUST_MS = 60_000;

/** Sessions a node remembers as live: beyond this many the oldest found are asked about again. */
const MAX_REMEMBERED = 100_000;

/**
 * Ended sessions (a login's refresh token family, the `sid` of its access tokens), in Redis so
 * every node knows at once. An access token is stateless until it expires: a mark that lives as
 * long as the newest token a session can have issued (one access lifetime from now, plus the skew
 * margin) refuses all of them, and then expires by itself. One key per session, so it works on a
 * Redis Cluster too.
 *
 * Checking every request's session in Redis would put a round trip before every answer, so a node
 * remembers the sessions it found live, and every end is also published: each node forgets an
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
  /** Sessions found live, with when (insertion order is age: the oldest go first). */
  private readonly live = new Map<string, number>();
  private readonly ends: InvalidationFeed;

  constructor(
    private readonly redis: RedisClients,
    subscriber: RedisSubscriber,
    config: AppConfig,
  ) {
    this.markTtlS = config.auth.accessTtlS + CLOCK_SKEW_MARGIN_S;
    this.ends = new InvalidationFeed(subscriber, redis.key('auth', 'revocations'), (sessionId) => (sessionId === undefined ? this.live.clear() : this.live.delete(sessionId)));
  }

  /** Marks the session ended and tells every node: the mark and the publication in one round trip. */
  async revoke(sessionId: string): Promise<void> {
    this.ends.changed(sessionId);
    await this.unlessUnavailable(this.redis.app.multi().set(this.key(sessionId), '1', 'EX', this.markTtlS).publish(this.ends.channel, sessionId).exec());
  }

  /**
   * Whether the session was ended, as far as this node has heard: no round trip for a session it
   * found live before. Otherwise one EXISTS, auto-pipelined with whatever else the node sends
   * Redis in the same tick.
   */
  async isRevoked(sessionId: string): Promise<boolean> {
    const foundLiveAt = this.live.get(sessionId);
    if (foundLiveAt !== undefined && Date.now() - foundLiveAt < LIVE_TRUST_MS) return false;
    const rememberable = this.ends.reading();
    const revoked = await this.isRevokedNow(sessionId);
    if (!revoked && rememberable()) this.remember(sessionId);
    return revoked;
  }

  /** Whether the session was ended, asked of Redis: for a decision that may race a logout on another node. */
  async isRevokedNow(sessionId: string): Promise<boolean> {
    return (await this.unlessUnavailable(this.redis.app.exists(this.key(sessionId)))) === 1;
  }

  private remember(sessionId: string): void {
    this.live.delete(sessionId);
    if (this.live.size >= MAX_REMEMBERED) this.live.delete(this.live.keys().next().value as string);
    this.live.set(sessionId, Date.now());
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
