import { Injectable, Logger } from '@nestjs/common';
import { sha256Hex } from '../../common/crypto';
import { AppConfig } from '../../config/app-config';
import { rateLimited } from '../../infra/redis/rate-limit.service';
import { RedisClients, type RedisConnection } from '../../infra/redis/redis.clients';
import { normalizeEmail } from '../users/users.service';

/** The first wait once a count passes its threshold; each further failure doubles it. */
const BACKOFF_BASE_MS = 1000;
/** Failures are forgotten after this long without another one. */
const FAILURE_MEMORY_MS = 24 * 3600 * 1000;

/**
 * Counts a failed login atomically: the (account, IP) count always, the account-wide count only
 * while this IP is within its own threshold (so one address adds at most that many and cannot slow
 * the account down for everyone by itself). A count at or past its threshold sets its lock for
 * base × 2^(count − threshold), capped.
 * KEYS: pair failures, pair lock, account failures, account lock.
 * ARGV: pair threshold, account threshold, base ms, max ms, memory ms.
 */
const RECORD_FAILURE_SCRIPT = `
local function fail(failuresKey, lockKey, threshold)
  local failures = redis.call('INCR', failuresKey)
  redis.call('PEXPIRE', failuresKey, ARGV[5])
  if failures >= threshold then
    local lockMs = math.min(tonumber(ARGV[3]) * 2 ^ (failures - threshold), tonumber(ARGV[4]))
    redis.call('SET', lockKey, '1', 'PX', math.floor(lockMs))
  end
  return failures
end
local pairThreshold = tonumber(ARGV[1])
if fail(KEYS[1], KEYS[2], pairThreshold) <= pairThreshold then
  fail(KEYS[3], KEYS[4], tonumber(ARGV[2]))
end
return 1`;

interface LoginThrottleCommands {
  recordLoginFailure(...keysThenArgs: Array<string | number>): Promise<number>;
}

/**
 * Per-account login backoff, on top of the per-IP `auth` budget, counted in Redis so it holds
 * across nodes:
 * - failures in a row for one (account, IP) make that IP wait, exponentially; a success resets it;
 * - failures for one account from all IPs past a higher threshold make every IP wait, except IPs
 *   that logged into the account within LOGIN_KNOWN_IP_DAYS: rotating addresses does not help an
 *   attacker, and the account's owner keeps getting in from where they usually do.
 * Keys hold a SHA-256 of the normalised email, never the address. An unknown email is counted
 * exactly like a known one, so throttling reveals nothing about which accounts exist.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: RedisConnection & LoginThrottleCommands;

  constructor(
    private readonly clients: RedisClients,
    private readonly config: AppConfig,
  ) {
    clients.app.defineCommand('recordLoginFailure', { numberOfKeys: 4, lua: RECORD_FAILURE_SCRIPT });
    this.redis = clients.app as RedisConnection & LoginThrottleCommands;
  }

  /** Before the password is checked: RATE_LIMITED (429 + Retry-After) while this IP must wait for this account. */
  async assertMayTry(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const waitMs = await this.bestEffort(async () => {
      const [pairLockMs, accountLockMs, knownIp] = await Promise.all([
        this.redis.pttl(keys.pairLock),
        this.redis.pttl(keys.accountLock),
        this.redis.exists(keys.knownIp),
      ]);
      return Math.max(pairLockMs, knownIp ? 0 : accountLockMs);
    }, 0);
    if (waitMs > 0) throw rateLimited('Too many failed logins', waitMs);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const { failuresPerAccountAndIp, failuresPerAccount, maxBackoffS } = this.config.loginThrottle;
    await this.bestEffort(
      () =>
        this.redis.recordLoginFailure(
          keys.pairFailures,
          keys.pairLock,
          keys.accountFailures,
          keys.accountLock,
          failuresPerAccountAndIp,
          failuresPerAccount,
          BACKOFF_BASE_MS,
          maxBackoffS * 1000,
          FAILURE_MEMORY_MS,
        ),
      null,
    );
  }

  /** Forgets this IP's failures for the account and remembers the IP as one its owner uses. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.bestEffort(
      () => this.redis.multi().del(keys.pairFailures, keys.pairLock).set(keys.knownIp, '1', 'EX', this.config.loginThrottle.knownIpTtlS).exec(),
      null,
    );
  }

  private keys(email: string, ip: string) {
    // The account is every key's hash tag: on a Redis Cluster the failure script and the success
    // MULTI take several of them at once, which must share one slot.
    const account = `{${sha256Hex(normalizeEmail(email))}}`;
    const key = (...parts: string[]): string => this.clients.key('login', ...parts);
    return {
      pairFailures: key('failures', account, ip),
      pairLock: key('lock', account, ip),
      accountFailures: key('failures', account),
      accountLock: key('lock', account),
      knownIp: key('known-ip', account, ip),
    };
  }

  /**
   * Like the request budgets: when Redis itself fails, logins go on unthrottled rather than
   * nobody being able to log in; the health check reports Redis as down meanwhile.
   */
  private async bestEffort<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logger.warn(`login throttle unavailable: ${(error as Error).message}`);
      return fallback;
    }
  }
}
