import { Injectable } from '@nestjs/common';
import { ExecutionError, Redlock, ResourceLockedError, type Lock } from '@sesamecare-oss/redlock';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisClients } from './redis.clients';

export interface LockOptions {
  /** How long the lock lives if its holder dies; extended automatically while work runs. */
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
    this.redlock = new Redlock([redis.app], { retryJitter: 50, automaticExtensionThreshold: 500 });
  }

  /**
   * Runs `work` while holding `resource`; the lock is auto-extended until `work` settles.
   * Throws CONFLICT (409) when the lock could not be acquired within `waitMs`.
   */
  async withLock<T>(resource: string, work: (signal: AbortSignal) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? 10_000;
    const waitMs = options.waitMs ?? 5_000;
    const retryDelay = 100;
    const settings = { retryCount: Math.max(0, Math.floor(waitMs / retryDelay)), retryDelay };
    try {
      return await this.redlock.using([this.redis.key('lock', resource)], ttlMs, settings, work);
    } catch (error) {
      if (isLockContention(error)) {
        throw new AppException(ErrorCode.Conflict, `The resource "${resource}" is busy; try again shortly.`);
      }
      throw error;
    }
  }

  /** Acquires without waiting; null when someone else holds it. The caller must `release`. */
  async tryAcquire(resource: string, ttlMs = 10_000): Promise<Lock | null> {
    try {
      return await this.redlock.acquire([this.redis.key('lock', resource)], ttlMs, { retryCount: 0 });
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
