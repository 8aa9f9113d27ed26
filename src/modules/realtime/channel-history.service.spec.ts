import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { codeOf } from '../../common/testing/rejection-of';
import { roomPubSubChannel } from '../../infra/realtime/socket-io-redis-key';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { ChannelHistory } from './channel-history.service';
import type { Publication, RealtimeChannel } from './realtime.types';
import { channel } from './testing/channels';

// Runs against the real Redis on 127.0.0.1:6379 (the realtime DB), under a prefix of its own, with
// a history of 5 publications kept for 600 s. Two nodes publish to the same channels.
const HISTORY_SIZE = 5;
const HISTORY_TTL_S = 600;
const { config, nodes: [clients, otherClients], dispose } = redisTestNodes({
  REALTIME_HISTORY_SIZE: String(HISTORY_SIZE),
  REALTIME_HISTORY_TTL_S: String(HISTORY_TTL_S),
});
const history = new ChannelHistory(clients, config);
const otherNode = new ChannelHistory(otherClients, config);

afterAll(dispose);

const session = (): string => `sess_${randomBytes(18).toString('base64url')}`;
const newUserChannel = (): RealtimeChannel => channel(`user:${randomUUID()}`);
const roomTag = (of: RealtimeChannel): string => `{${roomPubSubChannel(clients, of.name)}}`;
const counterKey = (of: RealtimeChannel): string => clients.realtimeKey('offset', roomTag(of));
const historyKey = (of: RealtimeChannel): string => clients.realtimeKey('history', roomTag(of));

async function appendMany(to: RealtimeChannel, count: number): Promise<Publication[]> {
  const publications: Publication[] = [];
  for (let n = 0; n < count; n++) publications.push(await history.append(to, 'message', { n }));
  return publications;
}

const offsetsOf = (publications: Publication[]): number[] => publications.map((publication) => publication.offset);

describe('ChannelHistory', () => {
  it.each([
    [`widget:session.${randomUUID()}.${session()}`, true],
    [`user:${randomUUID()}`, true],
    [`widget:operators.${randomUUID()}`, false],
    [`widgettyping:${randomUUID()}.${session()}`, false],
    ['system:news', false],
  ])('%s keeps history: %s', (name, keeps) => {
    expect(history.keepsHistory(channel(name))).toBe(keeps);
  });

  it('numbers publications with consecutive offsets and returns the envelope subscribers get', async () => {
    const userChannel = newUserChannel();
    const data = { text: 'Grüße 👋', nested: { list: [1, null, 'x'] } };

    const first = await history.append(userChannel, 'message', data);
    const second = await history.append(userChannel, 'takeover', null);

    expect(first).toEqual({ channel: userChannel.name, offset: expect.any(Number), type: 'message', ts: expect.any(Number), data });
    expect(second.offset).toBe(first.offset + 1);
    expect(Number.isSafeInteger(second.offset)).toBe(true);
    // Stamped with Redis' clock, which runs on this machine.
    expect(Math.abs(first.ts - Date.now())).toBeLessThan(60_000);
  });

  it('replays what came after an offset, as it was published, from another node', async () => {
    const userChannel = newUserChannel();
    const published = [
      await history.append(userChannel, 'message', { text: 'one' }),
      await history.append(userChannel, 'message', { text: 'two' }),
      await history.append(userChannel, 'handback', { by: 'operator' }),
    ];
    const [first, , last] = published;

    await expect(otherNode.since(userChannel, first.offset)).resolves.toEqual({ recovered: true, publications: published.slice(1) });
    await expect(otherNode.since(userChannel, first.offset - 1)).resolves.toEqual({ recovered: true, publications: published });
    await expect(otherNode.since(userChannel, last.offset)).resolves.toEqual({ recovered: true, publications: [] });
  });

  it('does not recover an offset the channel has not reached, or a channel that never published', async () => {
    const userChannel = newUserChannel();
    const [only] = await appendMany(userChannel, 1);

    await expect(history.since(userChannel, only.offset + 1)).resolves.toEqual({ recovered: false, publications: [] });
    await expect(history.since(newUserChannel(), 0)).resolves.toEqual({ recovered: false, publications: [] });
  });

  it('keeps the newest publications up to the configured count, and no longer recovers from before them', async () => {
    const userChannel = newUserChannel();
    const published = await appendMany(userChannel, HISTORY_SIZE + 3);
    const kept = published.slice(-HISTORY_SIZE);

    await expect(clients.realtime.xlen(historyKey(userChannel))).resolves.toBe(HISTORY_SIZE);
    // The last offset before the kept ones is still recoverable: nothing after it is missing.
    await expect(history.since(userChannel, published[2].offset)).resolves.toEqual({ recovered: true, publications: kept });
    await expect(history.since(userChannel, published[1].offset)).resolves.toEqual({ recovered: false, publications: [] });
  });

  it('no longer recovers publications older than the configured age', async () => {
    const userChannel = newUserChannel();
    // Two publications from 11 minutes ago, as the append script writes them, then a fresh one.
    const longAgo = Date.now() - (HISTORY_TTL_S + 60) * 1000;
    await clients.realtime.set(counterKey(userChannel), 1000);
    for (const [seq, offset] of [999, 1000].entries()) {
      await clients.realtime.xadd(historyKey(userChannel), `${longAgo}-${seq}`, 'o', offset, 's', longAgo, 't', 'message', 'd', '{}');
    }
    const fresh = await history.append(userChannel, 'message', { text: 'now' });

    expect(fresh.offset).toBe(1001);
    await expect(history.since(userChannel, 999)).resolves.toEqual({ recovered: false, publications: [] });
    await expect(history.since(userChannel, 1000)).resolves.toEqual({ recovered: true, publications: [fresh] });
  });

  it.each([
    ['an operators channel', `widget:operators.${randomUUID()}`],
    ['a typing channel', `widgettyping:${randomUUID()}.${session()}`],
    ['a system channel', 'system:news'],
  ])('neither stores nor recovers the publications of %s', async (_, name) => {
    const unkept = channel(name);

    await expect(history.append(unkept, 'message', {})).rejects.toThrow('keeps no history');
    await expect(history.since(unkept, 0)).resolves.toEqual({ recovered: false, publications: [] });
    await expect(clients.realtime.exists(counterKey(unkept), historyKey(unkept))).resolves.toBe(0);
  });

  it('lets idle channels vanish: history after its TTL, the offset counter after a day', async () => {
    const userChannel = newUserChannel();
    await history.append(userChannel, 'message', {});

    const historyTtl = await clients.realtime.ttl(historyKey(userChannel));
    const counterTtl = await clients.realtime.ttl(counterKey(userChannel));

    expect(historyTtl).toBeGreaterThan(0);
    expect(historyTtl).toBeLessThanOrEqual(HISTORY_TTL_S);
    expect(counterTtl).toBeGreaterThan(HISTORY_TTL_S);
    expect(counterTtl).toBeLessThanOrEqual(24 * 3600);
  });

  it('keeps offsets rising after the counter expired, and does not pass the new ones off as what a client missed', async () => {
    const userChannel = newUserChannel();
    // A channel whose counter started a day ago, then went quiet for a day and lost its keys.
    await clients.realtime.set(counterKey(userChannel), Date.now() - 24 * 3600 * 1000);
    const before = await appendMany(userChannel, 3);
    await clients.realtime.del(counterKey(userChannel), historyKey(userChannel));

    await expect(history.since(userChannel, before[0].offset)).resolves.toEqual({ recovered: false, publications: [] });
    const after = await appendMany(userChannel, 2);

    expect(after[0].offset).toBeGreaterThan(before[2].offset);
    await expect(history.since(userChannel, before[0].offset)).resolves.toEqual({ recovered: false, publications: [] });
    await expect(history.since(userChannel, before[2].offset)).resolves.toEqual({ recovered: false, publications: [] });
  });

  it('hands out every offset once and in order when two nodes publish at the same time', async () => {
    const sessionChannel = channel(`widget:session.${randomUUID()}.${session()}`);

    const published = await Promise.all(
      Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? history : otherNode).append(sessionChannel, 'message', { n })),
    );

    const offsets = offsetsOf(published).sort((a, b) => a - b);
    expect(offsets[39] - offsets[0]).toBe(39);
    expect(new Set(offsets).size).toBe(40);
    const recovered = await history.since(sessionChannel, offsets[39 - HISTORY_SIZE]);
    expect(recovered.recovered).toBe(true);
    expect(offsetsOf(recovered.publications)).toEqual(offsets.slice(-HISTORY_SIZE));
  });

  it('stores publications of several channels in one call, each channel numbered on from its own offsets', async () => {
    const [first, second] = [newUserChannel(), channel(`widget:session.${randomUUID()}.${session()}`)];
    const [before] = await appendMany(first, 1);

    const stored = await history.appendAll([
      { channel: first, type: 'message', data: { n: 1 } },
      { channel: second, type: 'message', data: { n: 2 } },
      { channel: first, type: 'message', data: { n: 3 } },
    ]);

    expect(offsetsOf(stored)).toEqual([before.offset + 1, expect.any(Number), before.offset + 2]);
    await expect(history.since(first, before.offset)).resolves.toEqual({ recovered: true, publications: [stored[0], stored[2]] });
    await expect(history.since(second, stored[1].offset - 1)).resolves.toEqual({ recovered: true, publications: [stored[1]] });
    await expect(history.appendAll([{ channel: channel(`widget:operators.${randomUUID()}`), type: 'notification', data: {} }])).rejects.toThrow('keeps no history');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2])('refuses %s as an offset to recover from', async (offset) => {
    expect(await codeOf(history.since(newUserChannel(), offset))).toBe(ErrorCode.ValidationFailed);
  });
});
