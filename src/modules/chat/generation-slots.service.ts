import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { LeasedSlots, type SlotLeases } from '../../infra/redis/leased-slots';
import { RedisClients } from '../../infra/redis/redis.clients';
import { TRACK_TTL_S } from '../../infra/stream/track-stream.service';

/**
 * The longest a slot is held: the life of a track (an hour), for which an answer can be followed
 * at all, and far beyond what answers take. A slot normally goes back as its turn ends, and a
 * crashed worker's turn is re-run by BullMQ's stall check, which ends it: the lease only bounds
 * what leaks when even that does not happen.
 */
const SLOT_LEASE_MS = TRACK_TTL_S * 1000;

/** What a refused client is told to wait: answers take seconds, so one of theirs ends soon. */
const RETRY_AFTER_S = 5;

/**
 * Caps how many answers one user has generating at once (MAX_CONCURRENT_GENERATIONS_PER_USER),
 * across every node: each answer holds a slot in Redis, keyed by its track, from the moment its
 * message is accepted until its turn ends. Each may be a paid model call. A user's slots are
 * their track ids under `generations:<userId>` in the app DB, leased as `LeasedSlots` describes.
 */
@Injectable()
export class GenerationSlots {
  private readonly logger = new Logger(GenerationSlots.name);
  private readonly slots: SlotLeases;
  private readonly limit: number;

  constructor(
    config: AppConfig,
    private readonly clients: RedisClients,
    leasedSlots: LeasedSlots,
  ) {
    this.slots = leasedSlots.on(clients.app);
    this.limit = config.rateLimit.concurrentGenerationsPerUser;
  }

  /**
   * Takes one of `holder`'s slots (a user id, or another holder such as a widget session) for
   * `trackId` in one round trip; TOO_MANY_GENERATIONS (429 + Retry-After) when none of `limit`
   * (MAX_CONCURRENT_GENERATIONS_PER_USER by default) is free.
   */
  async acquire(holder: string, trackId: string, limit = this.limit): Promise<void> {
    if (await this.slots.acquire(this.key(holder), trackId, limit, SLOT_LEASE_MS)) return;
    throw new AppException(
      ErrorCode.TooManyGenerations,
      limit === 1
        ? 'An answer is still being written. Wait for it to finish, then send again.'
        : `Too many answers at once: you already have ${limit} being written. Wait for one to finish, or stop one, then send again.`,
      { 'Retry-After': String(RETRY_AFTER_S) },
    );
  }

  /**
   * Gives the slot of `trackId` back; harmless when it was already given back or has lapsed.
   * Never throws: a slot that cannot be given back now lapses with its lease.
   */
  async release(holder: string, trackId: string): Promise<void> {
    try {
      await this.slots.release(this.key(holder), trackId);
    } catch (error) {
      this.logger.warn(`could not give back the generation slot of track ${trackId}: ${(error as Error).message}`);
    }
  }

  private key(holder: string): string {
    return this.clients.key('generations', holder);
  }
}
