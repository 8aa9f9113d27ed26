/** Channels one socket may be subscribed to at once: an operator console watching many sessions stays well below. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/** A token bucket: up to `capacity` at once, refilled at `perSecond`. Time is passed in, so tests need no clock. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes one token; false when none is left. */
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The per-socket budgets. A socket lives on one node, so they are counted in memory; what spans
 * nodes (connections per user) is counted in Redis by ConnectionSlots.
 */
export class SocketLimits {
  /**
   * A (re)connecting client resubscribes everything at once, so the burst is the subscription cap;
   * after it, 10 a second bounds the token checks and history reads a flood can cause.
   */
  readonly subscribe: TokenBucket;
  /** Typing notices: a client sending more than 10 a second is not reporting keystrokes usefully. */
  readonly publish: TokenBucket;
  /**
   * Strikes for frames no correct client sends (malformed, unknown events, ignoring RATE_LIMITED):
   * 20 at once, then one every 3 s. A socket out of strikes is disconnected.
   */
  readonly strikes: TokenBucket;

  constructor(now: number) {
    this.subscribe = new TokenBucket(MAX_SUBSCRIPTIONS_PER_SOCKET, 10, now);
    this.publish = new TokenBucket(10, 10, now);
    this.strikes = new TokenBucket(20, 1 / 3, now);
  }
}
