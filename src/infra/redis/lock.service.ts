import { Injectable } from '@nestjs/common';
import { ExecutionError, Redlock, ResourceLockedError, type Lock } from '@sesamecare-oss/redlock';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisClients } from './redis.clients';

const MIN_TTL_MS = 1_000;

export interface LockOptions {
  /**
   * How long the lock lives if its holder dies; extended automatically while work runs.
   * At least 1 s (Redlock extends 500 ms before expiry, so shorter leases cannot be kept alive).
   */
  ttlMs?: number;
  /** How long to keep trying to acquire before giving up (0 = one attempt). */
  waitMs?: number;
}

/**
 * Cluster-wide mutual exclusion (Redlock on the shared Redis): cron jobs, first-user registration,
 * WhatsApp dedupe. A file or in-process lock would only protect one node.
 */
@Injectable()
export class LockService {
  private readonly redlock: Redlock;

  constructor(private readonly redis: RedisClients) {
    // Redlock's scripts SELECT their own DB: point them at the one REDIS_URL names. Each lock is
    // one key, so on a Redis Cluster it lives on the node that owns its slot.
    this.redlock = new Redlock([redis.app], { retryJitter: 50, automaticExtensionThreshold: 500, db: redis.appDb });
  }

  /**
   * Runs `work` while holding `resource`; the lock is auto-extended until `work` settles.
   * Throws CONFLICT (409) when the lock could not be acquired within `waitMs`.
   */
  async withLock<T>(resource: string, work: (signal: AbortSignal) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const ttlMs = Math.max(options.ttlMs ?? 10_000, MIN_TTL_MS);
    const waitMs = options.waitMs ?? 5_000;
    const retryDelay = 100;
    const settings = { retryCount: Math.max(0, Math.floor(waitMs / retryDelay)), retryDelay };
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    try {
      await this.redlock.using([this.redis.key('lock', resource)], ttlMs, settings, async (signal) => {
        try {
          outcome = { ok: true, value: await work(signal) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
    } catch (error) {
      // Once the work has run, a failed release is harmless (the lease expires by itself) and must
      // not turn a finished job into "busy", which would invite the caller to run it twice.
      if (outcome === undefined) {
        if (isLockContention(error)) {
          throw new AppException(ErrorCode.Conflict, `The resource "${resource}" is busy; try again shortly.`);
        }
        throw error;
      }
    }
    if (outcome === undefined) throw new Error(`lock "${resource}" ran no work`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Acquires without waiting; null when someone else holds it. The caller must `release`. */
  async tryAcquire(resource: string, ttlMs = 10_000): Promise<Lock | null> {
    try {
      return await this.redlock.acquire([this.redis.key('lock', resource)], Math.max(ttlMs, MIN_TTL_MS), { retryCount: 0 });
    } catch (error) {
      if (isLockContention(error)) return null;
      throw error;
    }
  }

  async release(lock: Lock): Promise<void> {
    await this.redlock.release(lock);
  }
}

/** Redlock reports "someone else holds it" as a failed quorum once its retries are spent. */
function isLockContention(error: unknown): boolean {
  return error instanceof ResourceLockedError || error instanceof ExecutionError;
}
