import { Injectable } from '@nestjs/common';
import { RedisClients, type RedisConnection } from '../redis/redis.clients';
import { RedisSubscriber } from '../redis/redis-subscriber';
import { trackKey } from './track-key';

const KEY_TTL_S = 3600;
/**
 * How long a worker waits for its turn to be committed before giving up on it: the web node that
 * took the message commits it within milliseconds, unless it died or its database write failed.
 */
const STORED_WAIT_MS = 30_000;
/**
 * A turn committed this shortly before its worker started is as fresh as one still being
 * committed: what a worker must not trust about a turn committed earlier (its chat deleted while
 * the job waited in the queue) takes longer than this.
 */
const FRESH_COMMIT_MS = 1000;

/** A track as the worker running it sees it: whether it was stopped, and whether its turn is stored yet. */
export interface WatchedTrack {
  signal: AbortSignal;
  /**
   * Resolves once the web node has committed the turn; rejects with TurnAbandoned when it could
   * not, and after STORED_WAIT_MS without either.
   */
  stored: Promise<void>;
  /**
   * Resolves once what was announced before the watch began is known (a stop has aborted `signal`
   * by then): true when the commit had been, over FRESH_COMMIT_MS before (by Redis's clock), so
   * the turn is not fresh. Rejects when that cannot be read. The caller starts on the track
   * meanwhile, and shows nothing of it until this resolves.
   */
  storedLongBefore: Promise<boolean>;
  release: () => void;
}

/** The web node could not store the turn it queued (its write failed or was refused). */
export class TurnAbandoned extends Error {
  constructor(trackId: string) {
    super(`the turn of track ${trackId} was abandoned before it was stored`);
  }
}

type Fact = 'stop' | 'stored' | 'abandoned';

/**
 * Records a fact (KEYS[1], kept ARGV[1] seconds) and publishes it (ARGV[3] on channel ARGV[2]),
 * in that order on one Redis node: a watcher that subscribed before reading the key hears of the
 * fact one way or the other, on a Redis Cluster too. One command rather than a MULTI, which
 * ioredis builds as a Pipeline object that young-generation collections kept alive.
 */
const ANNOUNCE_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return redis.call('PUBLISH', ARGV[2], ARGV[3])`;

interface TrackControlCommands {
  announceTrackFact(key: string, ttlS: number, channel: string, message: string): Promise<number>;
}

interface Watcher {
  controller: AbortController;
  markStored: () => void;
  markAbandoned: () => void;
}

/**
 * Coordination of a running track across nodes, on two channels shared by every track of the
 * process:
 * - cancellation: the web node that receives `POST /messages/stop` records the request (for a
 *   worker that has not started yet) and broadcasts it (for one that has), and the worker running
 *   the track aborts within a round trip;
 * - storage: the web node queues a turn while it commits it, so the worker can start on the
 *   request at once, and announces the commit, which the worker waits for before it writes or
 *   shows anything.
 * Each fact is both a key (for a worker that looks later) and a publication (for one already waiting).
 */
@Injectable()
export class TrackControlService {
  /** The tracks this process is running, by id. */
  private readonly watched = new Map<string, Watcher>();
  private subscription: Promise<unknown> | undefined;
  private readonly redis: RedisConnection & TrackControlCommands;

  constructor(
    private readonly clients: RedisClients,
    private readonly subscriber: RedisSubscriber,
  ) {
    clients.app.defineCommand('announceTrackFact', { numberOfKeys: 1, lua: ANNOUNCE_SCRIPT });
    this.redis = clients.app as RedisConnection & TrackControlCommands;
  }

  async requestStop(trackId: string): Promise<void> {
    await this.announce('stop', trackId);
  }

  /** Stops every track of `trackIds` (the answers a takeover interrupts). */
  async requestStops(trackIds: readonly string[]): Promise<void> {
    await Promise.all(trackIds.map((trackId) => this.requestStop(trackId)));
  }

  /** Tells the worker of `trackId` that its turn is committed (see `WatchedTrack.stored`). */
  async announceStored(trackId: string): Promise<void> {
    await this.announce('stored', trackId);
  }

  /** Tells the worker of `trackId` that its turn will not be stored: it drops the turn at once. */
  async announceAbandoned(trackId: string): Promise<void> {
    await this.announce('abandoned', trackId);
  }

  /**
   * Watches `trackId` until `release`, from now on at once, and what was announced before this
   * call as soon as Redis answers (`storedLongBefore`): the worker need not wait for that round trip.
   */
  watch(trackId: string): WatchedTrack {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let markStored!: () => void;
    let markAbandoned!: () => void;
    const stored = new Promise<void>((resolve, reject) => {
      markStored = resolve;
      markAbandoned = () => reject(new TurnAbandoned(trackId));
      timer = setTimeout(() => reject(new Error(`the turn of track ${trackId} was not stored within ${STORED_WAIT_MS / 1000} s`)), STORED_WAIT_MS);
    }).finally(() => clearTimeout(timer));
    // A caller that never needs the turn stored (an incognito one) must not see the timeout as unhandled.
    stored.catch(() => undefined);
    const watcher: Watcher = { controller, markStored, markAbandoned };
    this.watched.set(trackId, watcher);
    const release = (): void => {
      clearTimeout(timer);
      if (this.watched.get(trackId) === watcher) this.watched.delete(trackId);
    };
    const storedLongBefore = this.announcedBefore(trackId, watcher);
    storedLongBefore.catch(() => undefined);
    return { signal: controller.signal, stored, storedLongBefore, release };
  }

  /**
   * What was announced of `trackId` before its watch began, told to its watcher; resolves with
   * whether its commit was, long before (`WatchedTrack.storedLongBefore`). The commit's age is its
   * key's lifetime spent, read in the same round trip.
   */
  private async announcedBefore(trackId: string, watcher: Watcher): Promise<boolean> {
    // Listening first: an announcement after the keys are read is then heard, one before is in them.
    await this.listening();
    const storedKey = this.key('stored', trackId);
    const [[stop, commit, abandoned], storedTtlMs] = await Promise.all([
      this.redis.mget(this.key('stop', trackId), storedKey, this.key('abandoned', trackId)),
      this.redis.pttl(storedKey),
    ]);
    if (stop) watcher.controller.abort();
    if (commit) watcher.markStored();
    if (abandoned) watcher.markAbandoned();
    return commit !== null && KEY_TTL_S * 1000 - storedTtlMs > FRESH_COMMIT_MS;
  }

  private async announce(fact: Fact, trackId: string): Promise<void> {
    await this.redis.announceTrackFact(this.key(fact, trackId), KEY_TTL_S, this.channel(), `${fact} ${trackId}`);
  }

  /**
   * One subscription to the control channel for the life of the process, shared by every watched
   * track: subscribing per track would cost a SUBSCRIBE/UNSUBSCRIBE pair on every message.
   */
  private listening(): Promise<unknown> {
    this.subscription ??= this.subscriber
      .listen(this.channel(), (message) => {
        const [fact, trackId = ''] = message.split(' ', 2);
        const watcher = this.watched.get(trackId);
        if (fact === 'stop') watcher?.controller.abort();
        else if (fact === 'stored') watcher?.markStored();
        else if (fact === 'abandoned') watcher?.markAbandoned();
      })
      .catch((error: unknown) => {
        this.subscription = undefined;
        throw error;
      });
    return this.subscription;
  }

  private channel(): string {
    return this.clients.key('track-control');
  }

  private key(fact: Fact, trackId: string): string {
    return trackKey(this.clients, trackId, fact);
  }
}
