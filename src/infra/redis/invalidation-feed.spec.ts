import { describe, expect, it } from 'vitest';
import { InvalidationFeed } from './invalidation-feed';
import type { RedisSubscriber } from './redis-subscriber';

/** A subscriber whose confirmations, publications and interruptions the test makes happen. */
class ScriptedSubscriber {
  readonly listeners = new Set<(message: string) => void>();
  readonly pending: Array<() => void> = [];
  private interruption: (() => void) | undefined;

  listen(_channel: string, listener: (message: string) => void): Promise<() => void> {
    this.listeners.add(listener);
    return new Promise((resolve) => this.pending.push(() => resolve(() => this.listeners.delete(listener))));
  }

  onInterruption(listener: () => void): void {
    this.interruption = listener;
  }

  /** The SUBSCRIBEs sent so far are answered. */
  async confirm(): Promise<void> {
    for (const answer of this.pending.splice(0)) answer();
    await new Promise((resolve) => setImmediate(resolve));
  }

  publish(key: string): void {
    for (const listener of this.listeners) listener(key);
  }

  interrupt(): void {
    this.interruption?.();
  }
}

function feed(): { subscriber: ScriptedSubscriber; feed: InvalidationFeed; forgotten: Array<string | undefined> } {
  const subscriber = new ScriptedSubscriber();
  const forgotten: Array<string | undefined> = [];
  return { subscriber, feed: new InvalidationFeed(subscriber as unknown as RedisSubscriber, 'changes', (key) => forgotten.push(key)), forgotten };
}

describe('InvalidationFeed', () => {
  it('lets nothing be remembered that was read before its subscription was confirmed', async () => {
    const { subscriber, feed: changes } = feed();

    const before = changes.reading();
    await subscriber.confirm();
    expect(before()).toBe(false);

    expect(changes.reading()()).toBe(true);
  });

  it('subscribes once, and forgets a key as its invalidation is heard', async () => {
    const { subscriber, feed: changes, forgotten } = feed();
    changes.reading();
    changes.reading();
    await subscriber.confirm();
    changes.reading();

    subscriber.publish('user-1');

    expect(subscriber.listeners.size).toBe(1);
    expect(forgotten).toEqual(['user-1']);
  });

  it('lets nothing be remembered whose read overlapped an invalidation heard or made, of any key', async () => {
    const { subscriber, feed: changes } = feed();
    changes.reading();
    await subscriber.confirm();

    const overHeard = changes.reading();
    subscriber.publish('user-2');
    const overMade = changes.reading();
    changes.changed('user-3');

    expect(overHeard()).toBe(false);
    expect(overMade()).toBe(false);
    expect(changes.reading()()).toBe(true);
  });

  it('forgets everything on an interruption, and remembers nothing until subscribed again', async () => {
    const { subscriber, feed: changes, forgotten } = feed();
    changes.reading();
    await subscriber.confirm();
    const across = changes.reading();

    subscriber.interrupt();

    expect(forgotten).toEqual([undefined]);
    expect(across()).toBe(false);
    const whileDown = changes.reading();
    expect(whileDown()).toBe(false);
    // The confirmation comes once the connection is back: then what is read is remembered again,
    // and the listener of the subscription before the interruption has gone.
    await subscriber.confirm();
    expect(changes.reading()()).toBe(true);
    expect(subscriber.listeners.size).toBe(1);
  });

  it('does not take a subscription confirmed across an interruption as hearing', async () => {
    const { subscriber, feed: changes } = feed();
    changes.reading();
    subscriber.interrupt();
    await subscriber.confirm();

    expect(changes.reading()()).toBe(false);
    await subscriber.confirm();
    expect(changes.reading()()).toBe(true);
  });
});
