import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { decode } from 'notepack.io';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { ErrorCode } from '../../common/errors/error-code';
import { codeOf } from '../../common/testing/rejection-of';
import { socketIoRedisKey } from '../../infra/realtime/socket-io-redis-key';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { ChannelHistory } from './channel-history.service';
import { RealtimePublisher } from './realtime-publisher.service';
import type { Publication } from './realtime.types';
import { channel } from './testing/channels';

// Runs against the real Redis on 127.0.0.1:6379 under a prefix of its own. It listens where
// socket.io's Redis adapter on a web node listens (the colleague's medium suite takes it on to the
// sockets), and decodes what arrives as the adapter does.
const { config, nodes: [clients], dispose } = redisTestNodes();
const history = new ChannelHistory(clients, config);
const publisher = new RealtimePublisher(clients, history);

/** A broadcast as the adapter receives it: `[emitter uid, packet, options]`, MessagePack-encoded. */
interface Broadcast {
  channel: string;
  packet: { type: number; nsp: string; data: unknown[] };
  options: { rooms: string[]; except: string[] };
}

const adapterKey = socketIoRedisKey(clients);
const broadcasts: Broadcast[] = [];
// Connected before it subscribes, as the adapter's own subscriber is: a PSUBSCRIBE sent while
// ioredis still checks readiness puts the connection in subscriber mode under its INFO, which then
// fails, and the connection comes back without the subscription.
const adapterSubscriber = clients.createConnection('test-adapter-subscriber', { lazyConnect: true });
adapterSubscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
  const [, packet, options] = decode(message) as [string, Broadcast['packet'], Broadcast['options']];
  broadcasts.push({ channel: channel.toString(), packet, options });
});

beforeAll(async () => {
  await adapterSubscriber.connect();
  await adapterSubscriber.psubscribe(`${adapterKey}#*`);
});

afterAll(async () => {
  await adapterSubscriber.quit();
  await dispose();
});

/**
 * The broadcast that carried `publication` itself (not merely one to its channel), once it has
 * arrived: a test that waits for the last of several publications to one channel must not wake on
 * the first.
 */
function broadcastOf(publication: Publication): Promise<Broadcast> {
  return waitFor(
    () => broadcasts.find((broadcast) => broadcast.options.rooms.includes(publication.channel) && isDeepStrictEqual(broadcast.packet.data[1], publication)),
    { what: `the broadcast of ${publication.type} to ${publication.channel}` },
  );
}

describe('RealtimePublisher', () => {
  it('stores a publication on a history channel and emits it to the room named after the channel', async () => {
    const userChannel = channel(`user:${randomUUID()}`);

    const first = await publisher.publish(userChannel, 'message', { text: 'hello' });
    const second = await publisher.publish(userChannel.name, 'message', { text: 'again' });

    expect(second.offset).toBe(first.offset + 1);
    await expect(history.since(userChannel, first.offset - 1)).resolves.toEqual({ recovered: true, publications: [first, second] });
    const broadcast = await broadcastOf(first);
    expect(broadcast).toEqual({
      channel: `${adapterKey}#/#${userChannel.name}#`,
      packet: { type: 2, nsp: '/', data: ['publication', first] },
      options: expect.objectContaining({ rooms: [userChannel.name], except: [] }),
    });
  });

  it('numbers the broadcast in the same round trip, whatever the data holds (even the stand-in numbers)', async () => {
    const userChannel = channel(`user:${randomUUID()}`);
    const awkward = { n: 9_007_199_254_740_881, m: 9_007_199_254_740_847, text: 'ÏΠ' };

    const published = [await publisher.publish(userChannel, 'a', { text: 'plain' }), await publisher.publish(userChannel, 'b', awkward)];

    expect(published[1].offset).toBe(published[0].offset + 1);
    const sent = await waitFor(() => {
      const ours = broadcasts.filter((broadcast) => broadcast.options.rooms.includes(userChannel.name));
      return ours.length === 2 ? ours : undefined;
    }, { what: 'both broadcasts' });
    expect(sent.map((broadcast) => broadcast.packet.data)).toEqual(published.map((publication) => ['publication', publication]));
  });

  it('sends the publications of one tick in the order they were made, those with history in one script call per run', async () => {
    const [userA, userB] = [channel(`user:${randomUUID()}`), channel(`user:${randomUUID()}`)];
    const operators = channel(`widget:operators.${randomUUID()}`);
    const appendAll = vi.spyOn(history, 'appendAll');

    const published = await Promise.all([
      publisher.publish(userA, 'a', { n: 1 }),
      publisher.publish(userB, 'b', { n: 2 }),
      publisher.publish(operators, 'notification', { n: 3 }),
      publisher.publish(userA, 'a', { n: 4 }),
      publisher.publish(userB, 'b', { n: 5 }),
    ]);

    expect(appendAll.mock.calls.map(([entries]) => entries.map(({ data }) => data))).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 4 }, { n: 5 }]]);
    appendAll.mockRestore();
    expect(published.map(({ offset }) => offset)).toEqual([expect.any(Number), expect.any(Number), 0, published[0].offset + 1, published[1].offset + 1]);
    await broadcastOf(published[4]);
    const ours = broadcasts.filter((broadcast) => [userA, userB, operators].some((of) => broadcast.options.rooms.includes(of.name)));
    expect(ours.map((broadcast) => broadcast.packet.data[1])).toEqual(published);
    await expect(history.since(userA, published[0].offset - 1)).resolves.toEqual({ recovered: true, publications: [published[0], published[3]] });
  });

  it('fails only the publication whose data cannot be encoded; the rest of its tick goes out', async () => {
    const userChannel = channel(`user:${randomUUID()}`);
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    const [refused, sent] = await Promise.allSettled([publisher.publish(userChannel, 'bad', circular), publisher.publish(userChannel, 'good', { fine: true })]);

    expect(refused.status).toBe('rejected');
    expect(sent).toEqual({ status: 'fulfilled', value: expect.objectContaining({ type: 'good', data: { fine: true } }) });
    await expect(history.since(userChannel, (sent as PromiseFulfilledResult<Publication>).value.offset - 1)).resolves.toMatchObject({ recovered: true, publications: [{ type: 'good' }] });
  });

  it('emits publications of channels without history unnumbered and stores nothing', async () => {
    const operators = channel(`widget:operators.${randomUUID()}`);

    const notification = await publisher.publish(operators, 'notification', { kind: 'new_message', preview: 'Hi' });

    expect(notification).toEqual({ channel: operators.name, offset: 0, type: 'notification', ts: expect.any(Number), data: { kind: 'new_message', preview: 'Hi' } });
    expect((await broadcastOf(notification)).packet.data).toEqual(['publication', notification]);
    await expect(clients.realtime.keys(`${config.redis.keyPrefix}*${operators.name}`)).resolves.toEqual([]);
  });

  it('refuses a name that is not a channel, publishing nothing', async () => {
    const before = broadcasts.length;

    expect(await codeOf(publisher.publish(`user:${randomUUID().toUpperCase()}`, 'message', {}))).toBe(ErrorCode.ChannelInvalid);
    // Whatever was on its way has arrived by the time a later publication does.
    await broadcastOf(await publisher.publish('system:news', 'marker', {}));
    expect(broadcasts.slice(before).map((broadcast) => broadcast.packet.data[1])).toEqual([expect.objectContaining({ type: 'marker' })]);
  });
});
