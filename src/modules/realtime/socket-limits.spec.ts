import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, SocketLimits, TokenBucket } from './socket-limits';

describe('TokenBucket', () => {
  it('gives its capacity at once, then refuses', () => {
    const bucket = new TokenBucket(3, 1, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
  });

  it('refills at its rate, never beyond its capacity', () => {
    const bucket = new TokenBucket(2, 4, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(100)).toBe(false);
    expect(bucket.take(250)).toBe(true);
    // A long pause refills to the capacity, no further.
    expect([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000)]).toEqual([true, true, false]);
  });
});

describe('SocketLimits', () => {
  it('lets a reconnecting client resubscribe up to the subscription cap at once', () => {
    const limits = new SocketLimits(0);
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SOCKET; i++) expect(limits.subscribe.take(0)).toBe(true);
    expect(limits.subscribe.take(0)).toBe(false);
  });

  it('holds typing notices to 10 a second', () => {
    const limits = new SocketLimits(0);
    const sent = Array.from({ length: 30 }, (_, i) => limits.publish.take(i * 50)).filter(Boolean).length;
    // 1.5 s: the burst of 10 plus 10 a second, give or take the last refill.
    expect(sent).toBeGreaterThanOrEqual(20);
    expect(sent).toBeLessThanOrEqual(25);
  });
});
