import type { RedisSubscriber } from './redis-subscriber';

/**
 * Keeps what a node remembers of shared state (in MariaDB or Redis) true between reads, through
 * invalidations published on one channel: the node that changes a key publishes it, every node
 * forgets it as it hears it. Redis sends a publication in the same pass of its event loop as its
 * answer to the PUBLISH, so every node has it before any request sent after the change's answer
 * can reach one: that request takes at least one more network round trip.
 *
 * A read may be remembered only if, from before it was sent until its answer, nothing could have
 * been missed: the subscription confirmed as it began, no invalidation heard meanwhile (it may be
 * for the key read, and its answer may predate the change), no interruption of the connection
 * (what was published during one is never heard: the owner forgets everything then, and nothing is
 * remembered until the subscription is confirmed again).
 */
export class InvalidationFeed {
  /** Counts every invalidation heard or made here, and every interruption. */
  private changes = 0;
  /** Counts interruptions: a subscription confirmed across one does not say that invalidations are heard. */
  private interruptions = 0;
  private hearing = false;
  private confirming: Promise<void> | undefined;
  private stopHearing: (() => void) | undefined;

  /** `forget(key)` drops what the owner remembers of `key`; `forget()`, everything. */
  constructor(
    private readonly subscriber: RedisSubscriber,
    readonly channel: string,
    private readonly forget: (key?: string) => void,
  ) {
    subscriber.onInterruption(() => {
      this.interruptions++;
      this.changes++;
      this.hearing = false;
      forget();
    });
  }

  /**
   * Call as a read of the shared state is sent: the function returned tells, once it is answered,
   * whether its answer may be remembered. Subscribes on first use (and again after an interruption).
   */
  reading(): () => boolean {
    this.hear();
    const sure = this.hearing;
    const changes = this.changes;
    return () => sure && this.changes === changes;
  }

  /** This node changed `key`: forgotten here at once. Its caller publishes `key` on `channel` with the change. */
  changed(key: string): void {
    this.changes++;
    this.forget(key);
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
