import { TtlCache } from '../../common/ttl-cache';
import type { RedisSubscriber } from './redis-subscriber';

export interface RememberedReads {
  /** How long an answer is taken without reading again: bounds what an unnoticed lapse could leave unseen. */
  maxAgeMs: number;
  /** Keys remembered at most: beyond this many the oldest are read again. */
  maxEntries: number;
}

/**
 * Answers of reads of shared state (in MariaDB or Redis), remembered by a node and kept true
 * through invalidations published on one channel: the node that changes a key publishes it, every
 * node forgets it as it hears it. Redis sends a publication in the same pass of its event loop as
 * its answer to the PUBLISH, so every node has it before any request sent after the change's
 * answer can reach one: that request takes at least one more network round trip.
 *
 * A read is remembered only while the subscription is confirmed (from before the read on), and
 * from the moment it is sent (TtlCache keeps the read in flight): an invalidation heard before its
 * answer forgets it, so an answer that may predate the change is never kept. An interruption of
 * the connection (what is published during one is never heard) forgets everything, and nothing is
 * remembered until the subscription is confirmed again.
 */
export class InvalidationFeed<V> {
  private readonly remembered: TtlCache<V>;
  /** Counts interruptions: a subscription confirmed across one does not say that invalidations are heard. */
  private interruptions = 0;
  private hearing = false;
  private confirming: Promise<void> | undefined;
  private stopHearing: (() => void) | undefined;

  constructor(
    private readonly subscriber: RedisSubscriber,
    readonly channel: string,
    { maxAgeMs, maxEntries }: RememberedReads,
  ) {
    this.remembered = new TtlCache<V>(maxAgeMs, maxEntries);
    subscriber.onInterruption(() => {
      this.interruptions++;
      this.hearing = false;
      this.remembered.invalidate();
    });
  }

  /**
   * `read`'s answer for `key`: remembered (and shared by the reads of it in flight) while
   * invalidations are heard, read afresh otherwise. Subscribes on first use, and again after an
   * interruption.
   */
  get(key: string, read: () => Promise<V>): Promise<V> {
    this.hear();
    return this.hearing ? this.remembered.get(key, read) : read();
  }

  /** This node changed `key`: forgotten here at once. Its caller publishes `key` on `channel` with the change. */
  changed(key: string): void {
    this.remembered.invalidate(key);
  }

  private hear(): void {
    if (this.hearing || this.confirming) return;
    const interruptions = this.interruptions;
    this.confirming = this.subscriber
      .listen(this.channel, (key) => this.changed(key))
      .then(
        (stop) => {
          // The listener of the subscription before an interruption goes, now that this one hears.
          this.stopHearing?.();
          this.stopHearing = stop;
          if (this.interruptions === interruptions) this.hearing = true;
        },
        // Redis is unreachable: every read goes to the source (and fails there) until a later one confirms.
        () => undefined,
      )
      .finally(() => {
        this.confirming = undefined;
      });
  }
}
