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

@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly limiters: Record<RateLimitBucket, RateLimiterRedis>;

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
    try {
      await this.limiters[bucket].consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited('Too many requests', rejection.msBeforeNext);
      // Redis itself failed: serve the request rather than take the whole API down with it;
      // the health check reports Redis as down meanwhile.
      this.logger.warn(`rate limiter unavailable (${bucket}): ${(rejection as Error).message}`);
    }
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
