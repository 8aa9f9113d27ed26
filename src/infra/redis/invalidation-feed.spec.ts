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

/** A feed over the scripted subscriber, and a read that counts how often it reaches the source. */
function feed(): { subscriber: ScriptedSubscriber; feed: InvalidationFeed<string>; reads: () => number; read: (key: string) => Promise<string> } {
  const subscriber = new ScriptedSubscriber();
  const changes = new InvalidationFeed<string>(subscriber as unknown as RedisSubscriber, 'changes', { maxAgeMs: 60_000, maxEntries: 100 });
  let reads = 0;
  const read = (key: string): Promise<string> =>
    changes.get(key, () => {
      reads++;
      return Promise.resolve(`${key}#${reads}`);
    });
  return { subscriber, feed: changes, reads: () => reads, read };
}

describe('InvalidationFeed', () => {
  it('remembers nothing read before its subscription was confirmed, and what is read after', async () => {
    const { subscriber, reads, read } = feed();

    await read('a');
    await subscriber.confirm();
    await read('a');
    expect(reads()).toBe(2);

    expect(await read('a')).toBe('a#2');
    expect(reads()).toBe(2);
  });

  it('subscribes once, and forgets a key as its invalidation is heard, and only that key', async () => {
    const { subscriber, reads, read } = feed();
    await read('a');
    await read('a');
    await subscriber.confirm();
    await read('a');
    await read('b');

    subscriber.publish('a');

    expect(subscriber.listeners.size).toBe(1);
    expect(await read('a')).toBe('a#5');
    expect(await read('b')).toBe('b#4');
    expect(reads()).toBe(5);
  });

  it('does not remember an answer whose read an invalidation of its key overtook, heard or made here', async () => {
    const { subscriber, feed: changes, reads, read } = feed();
    await read('warm-up');
    await subscriber.confirm();

    const overHeard = read('a');
    subscriber.publish('a');
    await overHeard;
    const overMade = read('b');
    changes.changed('b');
    await overMade;

    expect(reads()).toBe(3);
    await read('a');
    await read('b');
    expect(reads()).toBe(5);
  });

  it('forgets everything on an interruption, and remembers nothing until subscribed again', async () => {
    const { subscriber, reads, read } = feed();
    await read('a');
    await subscriber.confirm();
    await read('a');

    subscriber.interrupt();

    await read('a');
    await read('a');
    expect(reads()).toBe(4);
    // The confirmation comes once the connection is back: then what is read is remembered again,
    // and the listener of the subscription before the interruption has gone.
    await subscriber.confirm();
    await read('a');
    await read('a');
    expect(reads()).toBe(5);
    expect(subscriber.listeners.size).toBe(1);
  });

  it('does not take a subscription confirmed across an interruption as hearing', async () => {
    const { subscriber, reads, read } = feed();
    await read('a');
    subscriber.interrupt();
    await subscriber.confirm();

    await read('a');
    await read('a');
    expect(reads()).toBe(3);
    await subscriber.confirm();
    await read('a');
    await read('a');
    expect(reads()).toBe(4);
  });
});
