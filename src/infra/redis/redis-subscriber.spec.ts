import { once } from 'node:events';
import type { ConnectionOptions, RedisConnection } from './redis.clients';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { RedisSubscriber } from './redis-subscriber';
import { redisTestNodes } from './testing/redis-test-nodes';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own.
const { nodes: [clients, publisher], dispose } = redisTestNodes();

/** Every connection the subscriber opens, and every channel it sends SUBSCRIBE for. */
const opened: RedisConnection[] = [];
const subscribeCalls: string[] = [];
const createConnection = clients.createConnection.bind(clients);
vi.spyOn(clients, 'createConnection').mockImplementation((name: string, options?: ConnectionOptions) => {
  const connection = createConnection(name, options);
  const subscribe = connection.subscribe.bind(connection) as (channel: string) => Promise<unknown>;
  vi.spyOn(connection, 'subscribe').mockImplementation(((channel: string) => {
    subscribeCalls.push(channel);
    return subscribe(channel);
  }) as RedisConnection['subscribe']);
  opened.push(connection);
  return connection;
});
const subscriber = new RedisSubscriber(clients);

let counter = 0;
const channelName = (): string => clients.key('spec-channel', String(++counter));

async function subscribers(channel: string): Promise<number> {
  const reply = (await publisher.app.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** Collects what a listener receives; `next(n)` waits until n messages arrived. */
function collector(): { listener: (message: string) => void; messages: string[]; next: (count: number) => Promise<string[]> } {
  const messages: string[] = [];
  return {
    listener: (message) => messages.push(message),
    messages,
    next: (count) => waitFor(() => (messages.length >= count ? [...messages] : undefined), { timeoutMs: 5000, what: `${count} messages` }),
  };
}

afterAll(async () => {
  await subscriber.onApplicationShutdown();
  await dispose();
});

describe('RedisSubscriber', () => {
  it('is subscribed once listen resolves, and delivers what is published', async () => {
    const channel = channelName();
    const received = collector();

    const stop = await subscriber.listen(channel, received.listener);

    expect(await subscribers(channel)).toBe(1);
    await publisher.app.publish(channel, 'first');
    await publisher.app.publish(channel, 'second');
    expect(await received.next(2)).toEqual(['first', 'second']);
    stop();
  });

  it('delivers a message to every listener of its channel and to no other', async () => {
    const channel = channelName();
    const other = channelName();
    const a = collector();
    const b = collector();
    const elsewhere = collector();
    const stops = await Promise.all([subscriber.listen(channel, a.listener), subscriber.listen(channel, b.listener), subscriber.listen(other, elsewhere.listener)]);

    await publisher.app.publish(channel, 'for both');
    await publisher.app.publish(other, 'marker');

    expect(await a.next(1)).toEqual(['for both']);
    expect(await b.next(1)).toEqual(['for both']);
    // The marker went out after the first message and arrives on the same connection, in order.
    expect(await elsewhere.next(1)).toEqual(['marker']);
    expect(a.messages).toEqual(['for both']);
    for (const stop of stops) stop();
  });

  it('shares one connection and one SUBSCRIBE per channel among its listeners', async () => {
    const channel = channelName();

    const stops = await Promise.all(Array.from({ length: 5 }, () => subscriber.listen(channel, () => undefined)));
    stops.push(await subscriber.listen(channel, () => undefined));

    expect(opened).toHaveLength(1);
    expect(subscribeCalls.filter((subscribed) => subscribed === channel)).toHaveLength(1);
    expect(await subscribers(channel)).toBe(1);
    for (const stop of stops) stop();
  });

  it('stays subscribed while a listener remains and unsubscribes after the last one', async () => {
    const channel = channelName();
    const first = collector();
    const second = collector();
    const stopFirst = await subscriber.listen(channel, first.listener);
    const stopSecond = await subscriber.listen(channel, second.listener);

    stopFirst();
    stopFirst(); // a second call changes nothing
    await publisher.app.publish(channel, 'still here');
    expect(await second.next(1)).toEqual(['still here']);
    expect(first.messages).toEqual([]);
    expect(await subscribers(channel)).toBe(1);

    stopSecond();
    await waitFor(async () => (await subscribers(channel)) === 0, { timeoutMs: 5000, what: 'the channel to be unsubscribed' });
  });

  it('subscribes again when a channel gets a listener right after its last one left', async () => {
    const channel = channelName();
    const stopOld = await subscriber.listen(channel, () => undefined);
    stopOld();

    const received = collector();
    const stop = await subscriber.listen(channel, received.listener);
    await publisher.app.publish(channel, 'after resubscribe');

    expect(await received.next(1)).toEqual(['after resubscribe']);
    expect(await subscribers(channel)).toBe(1);
    stop();
  });

  it('tells of an interruption, hears again once back, and confirms a listen only then', async () => {
    const channel = channelName();
    const received = collector();
    const stop = await subscriber.listen(channel, received.listener);
    let interruptions = 0;
    subscriber.onInterruption(() => interruptions++);
    const [connection] = opened;

    const closed = once(connection, 'close');
    connection.disconnect(true);
    await closed;
    expect(interruptions).toBe(1);
    // Answered once the connection is back and subscribed again, not from before the interruption.
    const stopConfirm = await subscriber.listen(channel, () => undefined);
    expect(connection.status).toBe('ready');
    expect(await subscribers(channel)).toBe(1);

    await publisher.app.publish(channel, 'after the interruption');
    expect(await received.next(1)).toEqual(['after the interruption']);
    stopConfirm();
    stop();
  });
});
