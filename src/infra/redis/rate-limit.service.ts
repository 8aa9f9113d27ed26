import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisClients } from './redis.clients';

/**
 * Named request budgets, counted in Redis so they hold across every node.
 * `user`: an authenticated principal; `ip`: anonymous traffic; `auth`: login/register/refresh
 * attempts per IP (the brute-force budget).
 */
export type RateLimitBucket = 'user' | 'ip' | 'auth';

/** RATE_LIMITED (429) with a Retry-After of whole seconds, at least one. */
export function rateLimited(what: string, msBeforeRetry: number): AppException {
  const retryAfterS = Math.max(1, Math.ceil(msBeforeRetry / 1000));
  return new AppException(ErrorCode.RateLimited, `${what}; retry in ${retryAfterS} s.`, { 'Retry-After': String(retryAfterS) });
}

/** What this node last heard of a budget from Redis, and its charges to it still unanswered. */
interface BudgetView {
  remaining: number;
  /** When the window Redis last answered for ends (ms since the epoch). */
  resetsAt: number;
  unanswered: number;
}

/** Budgets a node keeps a view of: beyond this many the oldest are dropped (and asked about again). */
const MAX_VIEWS = 100_000;

@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly limiters: Record<RateLimitBucket, RateLimiterRedis>;
  private readonly views = new Map<string, BudgetView>();

  constructor(config: AppConfig, redis: RedisClients) {
    const perMinute = (bucket: RateLimitBucket, points: number): RateLimiterRedis =>
      new RateLimiterRedis({
        storeClient: redis.app,
        keyPrefix: redis.key('rl', bucket),
        points,
        duration: 60,
      });
    this.limiters = {
      user: perMinute('user', config.rateLimit.userPerMin),
      ip: perMinute('ip', config.rateLimit.ipPerMin),
      auth: perMinute('auth', config.rateLimit.authPerMin),
    };
  }

  /** Takes one point from `key`'s budget; throws RATE_LIMITED (429 + Retry-After) when it is spent. */
  async consume(bucket: RateLimitBucket, key: string): Promise<void> {
    const view = this.viewOf(bucket, key);
    view.unanswered++;
    try {
      const answer = await this.limiters[bucket].consume(key);
      this.heard(view, answer);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        this.heard(view, rejection);
        throw rateLimited('Too many requests', rejection.msBeforeNext);
      }
      // Redis itself failed: serve the request rather than take the whole API down with it;
      // the health check reports Redis as down meanwhile.
      this.logger.warn(`rate limiter unavailable (${bucket}): ${(rejection as Error).message}`);
    } finally {
      view.unanswered--;
    }
  }

  /**
   * `consume`, without waiting for Redis while this node can tell that the first half of the
   * window's budget is not spent: Redis's last answer to it (in this window) left more than half,
   * counting its own charges still unanswered. The point is taken all the same, and a refusal
   * Redis gives meanwhile is the next request's answer. The second half waits for each answer, so
   * one node never gives out the last points twice; nodes charging the same key at once could, by
   * as much as they charged within one round trip of each other while the first half was left.
   */
  async consumeAhead(bucket: RateLimitBucket, key: string): Promise<void> {
    const view = this.views.get(this.viewKey(bucket, key));
    const firstHalfLeft = view !== undefined && view.resetsAt > Date.now() && view.remaining - view.unanswered > this.limiters[bucket].points / 2;
    const charge = this.consume(bucket, key);
    if (!firstHalfLeft) return charge;
    charge.catch(() => undefined);
  }

  private heard(view: BudgetView, answer: RateLimiterRes): void {
    view.remaining = answer.remainingPoints;
    view.resetsAt = Date.now() + answer.msBeforeNext;
  }

  private viewOf(bucket: RateLimitBucket, key: string): BudgetView {
    const id = this.viewKey(bucket, key);
    let view = this.views.get(id);
    if (!view) {
      // The oldest made goes, without a scan: a request with a key of its own each time (a new IP)
      // must not walk every view. A view dropped early only makes its next charge wait for Redis.
      if (this.views.size >= MAX_VIEWS) this.views.delete(this.views.keys().next().value as string);
      view = { remaining: 0, resetsAt: 0, unanswered: 0 };
      this.views.set(id, view);
    }
    return view;
  }

  private viewKey(bucket: RateLimitBucket, key: string): string {
    return `${bucket}:${key}`;
  }

  /** Gives back one point taken from `key`'s budget for a request that was then refused for another reason. */
  async refund(bucket: RateLimitBucket, key: string): Promise<void> {
    try {
      await this.limiters[bucket].reward(key);
    } catch (error) {
      this.logger.warn(`rate limiter unavailable (${bucket}): ${(error as Error).message}`);
    }
  }
}
