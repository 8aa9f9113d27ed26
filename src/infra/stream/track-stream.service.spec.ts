import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, RedisConnection } from '../redis/redis.clients';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { RedisSubscriber } from '../redis/redis-subscriber';
import { redisTestNodes } from '../redis/testing/redis-test-nodes';
import { trackKey } from './track-key';
import { compareStreamIds, isStreamId, TrackStreamService, type TrackEvent } from './track-stream.service';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Two nodes: `workerClients`
// publishes (the worker) and inspects Redis while `clients` follows (the web node).
const { nodes: [clients, workerClients], dispose } = redisTestNodes();

const subscribeCalls: string[] = [];
const createConnection = clients.createConnection.bind(clients);
vi.spyOn(clients, 'createConnection').mockImplementation((name: string, options?: ConnectionOptions) => {
  const connection: RedisConnection = createConnection(name, options);
  const subscribe = connection.subscribe.bind(connection) as (channel: string) => Promise<unknown>;
  vi.spyOn(connection, 'subscribe').mockImplementation(((channel: string) => {
    subscribeCalls.push(channel);
    return subscribe(channel);
  }) as RedisConnection['subscribe']);
  return connection;
});

const subscriber = new RedisSubscriber(clients);
const streams = new TrackStreamService(clients, subscriber);
const workerSubscriber = new RedisSubscriber(workerClients);
const worker = new TrackStreamService(workerClients, workerSubscriber);

const liveChannel = (trackId: string): string => trackKey(clients, trackId, 'live');

async function liveSubscribers(trackId: string): Promise<number> {
  const reply = (await workerClients.app.pubsub('NUMSUB', liveChannel(trackId))) as [string, number];
  return Number(reply[1]);
}

async function publishMany(trackId: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) ids.push(await worker.publish(trackId, 'chunk', { n: i }));
  return ids;
}

/** Follows until an event matches `last` (or the deadline passes, which fails the test). */
async function followUntil(service: TrackStreamService, trackId: string, afterId: string | undefined, last: (event: TrackEvent) => boolean, signal = AbortSignal.timeout(10_000)): Promise<TrackEvent[]> {
  const seen: TrackEvent[] = [];
  for await (const event of service.follow(trackId, afterId, signal)) {
    seen.push(event);
    if (last(event)) break;
  }
  if (!seen.some(last)) throw new Error(`follow ended after ${seen.length} events without the last one`);
  return seen;
}

afterAll(async () => {
  await subscriber.onApplicationShutdown();
  await workerSubscriber.onApplicationShutdown();
  await dispose();
});

describe('compareStreamIds', () => {
  it('orders by milliseconds, then by sequence, numerically', () => {
    expect(compareStreamIds('5-0', '5-0')).toBe(0);
    expect(compareStreamIds('5-1', '5-0')).toBeGreaterThan(0);
    expect(compareStreamIds('5-9', '5-10')).toBeLessThan(0);
    expect(compareStreamIds('10-0', '9-99')).toBeGreaterThan(0);
    expect(compareStreamIds('1764200000000-3', '1764200000001-0')).toBeLessThan(0);
  });

  it('stays exact beyond 2^53, up to the largest id Redis can hold', () => {
    expect(compareStreamIds('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0);
    expect(compareStreamIds('5-9007199254740993', '5-9007199254740992')).toBeGreaterThan(0);
    expect(compareStreamIds('18446744073709551615-0', '18446744073709551614-99')).toBeGreaterThan(0);
    expect(compareStreamIds('18446744073709551615-18446744073709551615', '18446744073709551615-18446744073709551615')).toBe(0);
  });
});

describe('isStreamId', () => {
  it.each(['0-0', '1-1', '1764200000000-0', '1764200000000-12', '18446744073709551615-0', '0-18446744073709551615', '18446744073709551615-18446744073709551615'])(
    'accepts %s',
    (id) => {
      expect(isStreamId(id)).toBe(true);
    },
  );

  it.each(['', '-', '1', '1-', '-1', '1-1-1', '1_1', 'a-1', '1-a', ' 1-1', '1-1 ', '1-1\n', '+', '-inf', '(1-1', '1.5-1', '１-1', '0x1-1', '123456789012345678901-0'])('refuses %j', (id) => {
    expect(isStreamId(id)).toBe(false);
  });

  it.each(['18446744073709551616-0', '0-18446744073709551616', '99999999999999999999-1', '1-99999999999999999999'])('refuses %s, past the 64 bits Redis holds', (id) => {
    expect(isStreamId(id)).toBe(false);
  });

  it.each(['01-1', '1-01', '00-0', '0-00'])('refuses %s, which Redis never writes (leading zeros)', (id) => {
    expect(isStreamId(id)).toBe(false);
  });
});

describe('TrackStreamService', () => {
  it('publishes events with increasing stream ids', async () => {
    const trackId = randomUUID();

    const ids = await publishMany(trackId, 50);

    for (const id of ids) expect(isStreamId(id)).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(compareStreamIds(ids[i], ids[i - 1])).toBeGreaterThan(0);
  });

  it('keeps every event in history with its name and data, in order', async () => {
    const trackId = randomUUID();
    const payloads: Array<[string, unknown]> = [
      ['started', { trackId, chatId: 'c', messageId: 'm' }],
      ['chunk', { text: 'line one\nline two — ünïcödé 你好 "quoted"' }],
      ['chunk', { text: '' }],
      ['task_progress', { nodeId: 'n1', percent: 40 }],
      ['odd', null],
      ['odd', 'a string'],
      ['odd', [1, 2, 3]],
    ];
    const ids: string[] = [];
    for (const [event, data] of payloads) ids.push(await worker.publish(trackId, event, data));

    const history = await streams.history(trackId);

    expect(history).toEqual(payloads.map(([event, data], i) => ({ id: ids[i], event, data })));
  });

  it('reads history after an id, exclusively', async () => {
    const trackId = randomUUID();
    const ids = await publishMany(trackId, 5);

    expect((await streams.history(trackId, ids[1])).map((event) => event.id)).toEqual(ids.slice(2));
    expect((await streams.history(trackId, ids[0])).map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(await streams.history(trackId, ids[4])).toEqual([]);
    expect(await streams.history(randomUUID())).toEqual([]);
  });

  it('reads the newest events, newest first', async () => {
    const trackId = randomUUID();
    const ids = await publishMany(trackId, 4);

    expect((await streams.latest(trackId, 2)).map((event) => event.id)).toEqual([ids[3], ids[2]]);
    expect(await streams.latest(trackId, 1)).toEqual([{ id: ids[3], event: 'chunk', data: { n: 3 } }]);
    expect(await streams.latest(randomUUID(), 2)).toEqual([]);
  });

  it('gives the track stream a time to live', async () => {
    const trackId = randomUUID();
    await worker.publish(trackId, 'started', {});

    const ttl = await workerClients.app.ttl(trackKey(clients, trackId, 'events'));

    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('replays history, then follows live events', async () => {
    const trackId = randomUUID();
    const before = await publishMany(trackId, 3);
    const controller = new AbortController();
    const seen: TrackEvent[] = [];

    const following = (async () => {
      for await (const event of streams.follow(trackId, undefined, controller.signal)) {
        seen.push(event);
        if (seen.length === 3) void publishMany(trackId, 3, 3);
      }
    })();
    await waitFor(() => seen.length >= 6, { timeoutMs: 5000, what: 'six events' });
    controller.abort();
    await following;

    expect(seen.map((event) => event.data)).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
    expect(seen.slice(0, 3).map((event) => event.id)).toEqual(before);
  });

  it('misses nothing and repeats nothing when events are published while it subscribes', async () => {
    for (let round = 0; round < 3; round++) {
      const trackId = randomUUID();
      await publishMany(trackId, 20);
      // The worker keeps publishing in a tight loop while the follower subscribes and replays.
      const publishing = publishMany(trackId, 300, 20).then(() => worker.publish(trackId, 'complete', { last: true }));

      const followed = await followUntil(streams, trackId, undefined, (event) => event.event === 'complete');
      await publishing;

      const history = await streams.history(trackId);
      expect(followed.map((event) => event.id)).toEqual(history.map((event) => event.id));
      expect(followed.length).toBe(321);
    }
  });

  it('resumes after an id with exactly the events that followed it, also while publishing', async () => {
    const trackId = randomUUID();
    const ids = await publishMany(trackId, 30);
    const publishing = publishMany(trackId, 200, 30).then(() => worker.publish(trackId, 'complete', {}));

    const followed = await followUntil(streams, trackId, ids[9], (event) => event.event === 'complete');
    await publishing;

    expect(followed.map((event) => event.id)).toEqual((await streams.history(trackId, ids[9])).map((event) => event.id));
    expect(followed[0]?.data).toEqual({ n: 10 });
  });

  it('stops when the signal aborts and unsubscribes', async () => {
    const trackId = randomUUID();
    await worker.publish(trackId, 'started', {});
    const controller = new AbortController();
    const seen: TrackEvent[] = [];

    const following = (async () => {
      for await (const event of streams.follow(trackId, undefined, controller.signal)) seen.push(event);
    })();
    await waitFor(() => seen.length === 1, { timeoutMs: 5000, what: 'the replayed event' });
    expect(await liveSubscribers(trackId)).toBe(1);

    controller.abort();
    await following;

    await waitFor(async () => (await liveSubscribers(trackId)) === 0, { timeoutMs: 5000, what: 'the live channel to be unsubscribed' });
    await worker.publish(trackId, 'chunk', { after: 'abort' });
    expect(seen).toHaveLength(1);
  });

  it('unsubscribes when the consumer stops iterating', async () => {
    const trackId = randomUUID();
    await publishMany(trackId, 2);

    const followed = await followUntil(streams, trackId, undefined, (event) => (event.data as { n: number }).n === 0);

    expect(followed).toHaveLength(1);
    await waitFor(async () => (await liveSubscribers(trackId)) === 0, { timeoutMs: 5000, what: 'the live channel to be unsubscribed' });
  });

  it('shares one subscription between two followers of a track', async () => {
    const trackId = randomUUID();
    await worker.publish(trackId, 'started', {});
    const first = new AbortController();
    const second = new AbortController();
    const seenFirst: TrackEvent[] = [];
    const seenSecond: TrackEvent[] = [];
    const follow = (signal: AbortSignal, seen: TrackEvent[]): Promise<void> =>
      (async () => {
        for await (const event of streams.follow(trackId, undefined, signal)) seen.push(event);
      })();

    const followingFirst = follow(first.signal, seenFirst);
    const followingSecond = follow(second.signal, seenSecond);
    await waitFor(() => seenFirst.length === 1 && seenSecond.length === 1, { timeoutMs: 5000, what: 'both replays' });
    await publishMany(trackId, 5);
    await waitFor(() => seenFirst.length === 6 && seenSecond.length === 6, { timeoutMs: 5000, what: 'both live tails' });

    expect(seenSecond).toEqual(seenFirst);
    expect(subscribeCalls.filter((channel) => channel === liveChannel(trackId))).toHaveLength(1);
    expect(await liveSubscribers(trackId)).toBe(1);

    first.abort();
    await followingFirst;
    await worker.publish(trackId, 'chunk', { n: 'for the second' });
    await waitFor(() => seenSecond.length === 7, { timeoutMs: 5000, what: 'the second follower to go on' });
    expect(await liveSubscribers(trackId)).toBe(1);

    second.abort();
    await followingSecond;
    await waitFor(async () => (await liveSubscribers(trackId)) === 0, { timeoutMs: 5000, what: 'the live channel to be unsubscribed' });
  });
});
