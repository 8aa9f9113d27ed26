import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';

const MINUTE_S = 60;
const DAY_S = 24 * 3600;

interface Budget {
  limiter: RateLimiterRedis;
  /** What the visitor reads when it is spent; `{wait}` becomes the time to wait. */
  refusal: string;
}

/**
 * What widget visitors may send, counted in Redis across every node (WIDGET_*): messages per
 * session and per IP, per minute and per day, files per session and per IP, and realtime tokens
 * per IP. Refusals are 429
 * RATE_LIMITED with `Retry-After` and a message written for the visitor, which the widget shows.
 */
@Injectable()
export class VisitorLimits {
  private readonly logger = new Logger(VisitorLimits.name);
  private readonly messages: { session: Budget[]; ip: Budget[] };
  private readonly uploads: { session: Budget[]; ip: Budget[] };
  private readonly tokens: Budget;

  constructor(config: AppConfig, redis: RedisClients) {
    const budget = (name: string, points: number, duration: number, refusal: string): Budget => ({
      limiter: new RateLimiterRedis({ storeClient: redis.app, keyPrefix: redis.key('rl', 'widget', name), points, duration }),
      refusal,
    });
    const limits = config.widgets;
    this.messages = {
      session: [
        budget('session-min', limits.sessionMessagesPerMin, MINUTE_S, 'You are sending messages faster than this chat accepts. Please wait {wait} and try again.'),
        budget('session-day', limits.sessionMessagesPerDay, DAY_S, 'You have reached the number of messages this chat accepts per day. Please come back in {wait}.'),
      ],
      ip: [
        budget('ip-min', limits.ipMessagesPerMin, MINUTE_S, 'Too many messages are coming from your network. Please wait {wait} and try again.'),
        budget('ip-day', limits.ipMessagesPerDay, DAY_S, 'Your network has reached the number of messages this chat accepts per day. Please come back in {wait}.'),
      ],
    };
    this.uploads = {
      session: [budget('upload-session-day', limits.sessionUploadsPerDay, DAY_S, 'You have attached as many files as this chat accepts per day. Please come back in {wait}.')],
      ip: [
        budget('upload-ip-min', limits.ipUploadsPerMin, MINUTE_S, 'Too many files are coming from your network. Please wait {wait} and try again.'),
        budget('upload-ip-day', limits.ipUploadsPerDay, DAY_S, 'Your network has attached as many files as this chat accepts per day. Please come back in {wait}.'),
      ],
    };
    this.tokens = budget('tokens-ip', limits.tokensPerIpPerMin, MINUTE_S, 'Too many connections from your network. Please wait {wait} and try again.');
  }

  /** Charges one message to the session and the IP; RATE_LIMITED when either budget is spent. */
  async chargeMessage(widgetId: string, sessionId: string, ip: string): Promise<void> {
    await this.charge([
      ...this.messages.session.map((budget) => ({ budget, key: `${widgetId}.${sessionId}` })),
      ...this.messages.ip.map((budget) => ({ budget, key: ip })),
    ]);
  }

  /** Charges one uploaded file to the session and the IP; RATE_LIMITED when either budget is spent. */
  async chargeUpload(widgetId: string, sessionId: string, ip: string): Promise<void> {
    await this.charge([
      ...this.uploads.session.map((budget) => ({ budget, key: `${widgetId}.${sessionId}` })),
      ...this.uploads.ip.map((budget) => ({ budget, key: ip })),
    ]);
  }

  /** Charges one realtime token to the IP. */
  async chargeToken(ip: string): Promise<void> {
    await this.charge([{ budget: this.tokens, key: ip }]);
  }

  /**
   * Every budget is charged (at once: one round trip of waiting), so a flood spends the longer
   * budgets too; the first refused, in the order given, is the one the visitor is told about.
   */
  private async charge(charges: Array<{ budget: Budget; key: string }>): Promise<void> {
    const results = await Promise.allSettled(charges.map(({ budget, key }) => budget.limiter.consume(key)));
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const rejection: unknown = result.reason;
      if (rejection instanceof RateLimiterRes) throw refusal(charges[index].budget.refusal, rejection.msBeforeNext);
      // Redis itself failed: serve the visitor rather than take every widget down with it.
      this.logger.warn(`widget limiter unavailable: ${(rejection as Error).message}`);
    }
  }
}

function refusal(template: string, msBeforeNext: number): AppException {
  const retryAfterS = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppException(ErrorCode.RateLimited, template.replace('{wait}', humanDuration(retryAfterS)), { 'Retry-After': String(retryAfterS) });
}

/** `42 seconds`, `5 minutes`, `3 hours`: rounded up, for people. */
export function humanDuration(seconds: number): string {
  const [amount, unit] = seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
