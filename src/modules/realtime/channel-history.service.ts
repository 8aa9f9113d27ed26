import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import type { RoomBroadcast } from '../../infra/realtime/room-broadcast';
import { roomPubSubChannel } from '../../infra/realtime/socket-io-redis-key';
import { RedisClients, type RedisConnection } from '../../infra/redis/redis.clients';
import type { Publication, RealtimeChannel, Recovery } from './realtime.types';

/**
 * How long a channel's offset counter lives after its first publication: a day, against at most an
 * hour of history (REALTIME_HISTORY_TTL_S). When it expires the next counter starts at the clock,
 * above every earlier offset (see below).
 */
const OFFSET_COUNTER_TTL_S = 24 * 3600;

/*
 * Offsets. Every publication of a history channel takes the next value of the channel's counter, so
 * its offsets are consecutive and `since` can tell from the oldest kept one whether anything in
 * between was trimmed. A counter that does not exist yet (a new channel, or one whose counter
 * expired a day after it was created) starts at the current Redis time in milliseconds rather than
 * at 0: a client that still holds an offset from before the expiry then sits below every new
 * offset, instead of inside the new range, where it would "recover" publications that are not
 * what it missed (it is told to reload instead). So the counter's lifetime is set once, at
 * creation, and never refreshed: one Redis call less per publication. Only a channel that averaged
 * more than one publication per millisecond over a day could have counted past the clock. Offsets
 * stay far below 2^53, exact in JS and in Lua.
 */

/**
 * KEYS: the offset counter and history stream of each publication (two keys apiece), or of the
 * one channel all of them are on. ARGV: history size, history TTL (s), counter TTL (s), then eight
 * values per publication: type, data JSON, and the broadcast to send with it, if any (else empty
 * strings): PUBLISH or SPUBLISH, the pub/sub channel, how its numbers are written (msgpack or
 * decimal), and the encoded packet in three pieces, around where its offset and its timestamp go
 * (see EncodedBroadcast). Returns {offset, Redis time in ms} per publication, flat; the time is the
 * stream id XADD gave the entry, so no TIME call is needed but for a new counter. One round trip
 * for the lot, atomic, so a history's order is its offsets' order, and broadcasts go out in that
 * order too. Publications sent in the same tick share one call (RealtimePublisher): a script call
 * has a fixed cost in Redis (tens of µs when its caches are cold), which paid once per publication
 * made bursts of them reach the web nodes late. On a Redis Cluster a script may touch only keys of
 * one hash slot, and SPUBLISH only to a shard channel of it: a call's publications are then all of
 * one channel, whose keys carry the room's channel as their hash tag. MessagePack numbers are
 * packed by Redis's built-in `struct` library (in C), not by Lua arithmetic: Redis runs one script
 * at a time.
 */
const APPEND_SCRIPT = `
local function uint64(n)
  return struct.pack('>BI8', 0xcf, tonumber(n))
end
local function decimal(n)
  return string.format('%d', tonumber(n))
end
local stamped = {}
for i = 1, (#ARGV - 3) / 8 do
  local k = #KEYS == 2 and 1 or i
  local counter, history, arg = KEYS[2 * k - 1], KEYS[2 * k], 3 + (i - 1) * 8
  local offset = redis.call('INCR', counter)
  if offset == 1 then
    local time = redis.call('TIME')
    offset = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + 1
    redis.call('SET', counter, offset, 'EX', ARGV[3])
  end
  local id = redis.call('XADD', history, 'MAXLEN', ARGV[1], '*', 'o', offset, 't', ARGV[arg + 1], 'd', ARGV[arg + 2])
  local now_ms = string.sub(id, 1, string.find(id, '-', 1, true) - 1)
  redis.call('EXPIRE', history, ARGV[2])
  if ARGV[arg + 3] ~= '' then
    local number = ARGV[arg + 5] == 'decimal' and decimal or uint64
    redis.call(ARGV[arg + 3], ARGV[arg + 4], ARGV[arg + 6] .. number(offset) .. ARGV[arg + 7] .. number(now_ms) .. ARGV[arg + 8])
  end
  stamped[2 * i - 1] = offset
  stamped[2 * i] = now_ms
end
return stamped`;

/**
 * A broadcast encoded for socket.io's Redis adapter before its offset and timestamp are known:
 * the packet's bytes before the offset, between offset and timestamp, and after the timestamp.
 * The script puts both in as the broadcast writes numbers (MessagePack uint64, 0xcf and 8 bytes,
 * or JSON decimal), which decoders read like any other integer.
 */
export interface EncodedBroadcast extends Omit<RoomBroadcast, 'message'> {
  pieces: [beforeOffset: Buffer, betweenOffsetAndTs: Buffer, afterTs: Buffer];
}

/**
 * KEYS: offset counter, history stream. ARGV: history TTL (ms). Returns {newest offset or nil, the
 * entries younger than the TTL}. Stream ids are Redis times, so the age cut is one XRANGE bound,
 * on the same clock that stamped the entries.
 */
const READ_SCRIPT = `
local time = redis.call('TIME')
local cutoff = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[1])
return {redis.call('GET', KEYS[1]), redis.call('XRANGE', KEYS[2], cutoff, '+')}`;

type StreamEntry = [id: string, fields: string[]];

/** A publication to store on a channel that keeps history, and the broadcast to send with it. */
export interface HistoryEntry {
  channel: RealtimeChannel;
  type: string;
  data: unknown;
  broadcast?: EncodedBroadcast;
}

type AppendArgument = string | number | Buffer;

interface ChannelHistoryCommands {
  /** APPEND_SCRIPT on the keys of one channel. */
  appendRealtimePublications(counterKey: string, historyKey: string, ...args: AppendArgument[]): Promise<Array<number | string>>;
  /**
   * APPEND_SCRIPT on each publication's keys, their number first. One Redis only: on a cluster a
   * script's keys must share one hash slot (`mayAppendTogether`).
   */
  appendRealtimePublicationsOfChannels(keyCount: number, ...keysThenArgs: AppendArgument[]): Promise<Array<number | string>>;
  readRealtimeHistory(counterKey: string, historyKey: string, ttlMs: number): Promise<[newest: string | null, entries: StreamEntry[]]>;
}

/**
 * Offsets and recent history of the realtime channels that keep history (session and user
 * channels; docs/api.md, realtime), in the realtime Redis DB, shared by every node: the last
 * REALTIME_HISTORY_SIZE publications for REALTIME_HISTORY_TTL_S, so a client that reconnects gets
 * what it missed (`since`) on any node. An idle channel's keys expire: its history after that TTL,
 * its offset counter after a day. Other channels are neither numbered nor stored: their
 * publications carry offset 0 (RealtimePublisher, and the gateway's typing relay).
 */
@Injectable()
export class ChannelHistory {

  constructor(
    private readonly clients: RedisClients,
    private readonly config: AppConfig,
  ) {
    clients.defineRealtimeCommand('appendRealtimePublications', { numberOfKeys: 2, lua: APPEND_SCRIPT });
    clients.defineRealtimeCommand('appendRealtimePublicationsOfChannels', { lua: APPEND_SCRIPT });
    clients.defineRealtimeCommand('readRealtimeHistory', { numberOfKeys: 2, lua: READ_SCRIPT });
  }

  /** Session and user channels keep history; operators, typing and system channels do not. */
  keepsHistory(channel: RealtimeChannel): boolean {
    return channel.namespace === 'user' || (channel.namespace === 'widget' && channel.kind === 'session');
  }

  /**
   * Stores a publication on a channel that keeps history, numbered with the channel's next offset,
   * and sends `broadcast` with that offset in the same round trip. Callers are server code: `data`
   * must be JSON-serializable, and its size is the caller's to bound.
   */
  async append(channel: RealtimeChannel, type: string, data: unknown, broadcast?: EncodedBroadcast): Promise<Publication> {
    const [publication] = await this.appendAll([{ channel, type, data, broadcast }]);
    return publication;
  }

  /**
   * Stores and sends several publications, in this order, in one round trip (as `append` does
   * each). They must be able to share it (`mayAppendTogether`).
   */
  async appendAll(entries: HistoryEntry[]): Promise<Publication[]> {
    if (entries.length === 0) return [];
    for (const { channel } of entries) if (!this.keepsHistory(channel)) throw new Error(`${channel.name} keeps no history`);
    if (entries.some(({ channel }) => !this.mayAppendTogether(channel, entries[0].channel))) throw new Error('publications of several channels cannot share a round trip on a Redis Cluster');
    const { realtime } = this.config;
    const args = [
      realtime.historySize,
      realtime.historyTtlS,
      OFFSET_COUNTER_TTL_S,
      ...entries.flatMap(({ type, data, broadcast }) => [
        type,
        JSON.stringify(data) ?? 'null',
        ...(broadcast ? [broadcast.command, broadcast.channel, broadcast.numbers, ...broadcast.pieces] : ['', '', '', '', '', '']),
      ]),
    ];
    const [first] = entries;
    const stamped = entries.every(({ channel }) => channel.name === first.channel.name)
      ? await this.redis.appendRealtimePublications(this.counterKey(first.channel), this.historyKey(first.channel), ...args)
      : await this.redis.appendRealtimePublicationsOfChannels(
          entries.length * 2,
          ...entries.flatMap(({ channel }) => [this.counterKey(channel), this.historyKey(channel)]),
          ...args,
        );
    return entries.map(({ channel, type, data }, i) => ({ channel: channel.name, offset: Number(stamped[2 * i]), type, ts: Number(stamped[2 * i + 1]), data }));
  }

  /** Whether publications of `a` and `b` may share an appendAll: always on one Redis, only of the same channel on a Redis Cluster (one hash slot per script). */
  mayAppendTogether(a: RealtimeChannel, b: RealtimeChannel): boolean {
    return !this.clients.isCluster || a.name === b.name;
  }

  /**
   * The publications after `offset` (the last one a client saw), oldest first, with
   * `recovered: true` when that is all of them. `recovered: false`, with none, when the history no
   * longer reaches back that far (trimmed by size or age, or expired), `offset` is not one the
   * channel has reached, or the channel keeps no history: the client must reload its state.
   */
  async since(channel: RealtimeChannel, offset: number): Promise<Recovery> {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new AppException(ErrorCode.ValidationFailed, 'since must be the offset of a publication: a non-negative integer.');
    }
    if (!this.keepsHistory(channel)) return { recovered: false, publications: [] };
    const [newest, entries] = await this.redis.readRealtimeHistory(this.counterKey(channel), this.historyKey(channel), this.config.realtime.historyTtlS * 1000);
    if (newest === null || offset > Number(newest)) return { recovered: false, publications: [] };
    const publications = entries.map((entry) => toPublication(channel.name, entry)).filter((publication) => publication.offset > offset);
    // Offsets are consecutive and kept oldest first: nothing is missing when the first one kept
    // after `offset` follows it directly, or when nothing was published after it at all.
    const complete = offset === Number(newest) || publications[0]?.offset === offset + 1;
    return complete ? { recovered: true, publications } : { recovered: false, publications: [] };
  }

  /** The realtime connection opens on first use (RedisClients), so processes that never publish never open it. */
  private get redis(): RedisConnection & ChannelHistoryCommands {
    return this.clients.realtime as RedisConnection & ChannelHistoryCommands;
  }

  private counterKey(channel: RealtimeChannel): string {
    return this.clients.realtimeKey('offset', this.roomTag(channel));
  }

  private historyKey(channel: RealtimeChannel): string {
    return this.clients.realtimeKey('history', this.roomTag(channel));
  }

  /** A channel's keys and the room it broadcasts to share one hash slot (see APPEND_SCRIPT). */
  private roomTag(channel: RealtimeChannel): string {
    return `{${roomPubSubChannel(this.clients, channel.name)}}`;
  }
}

/** A publication's time is its stream id's (`<ms>-<seq>`, Redis time): no field of its own. */
function toPublication(channel: string, [id, fields]: StreamEntry): Publication {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i], fields[i + 1]);
  return {
    channel,
    offset: Number(values.get('o')),
    type: values.get('t') ?? '',
    ts: Number(id.slice(0, id.indexOf('-'))),
    data: JSON.parse(values.get('d') ?? 'null') as unknown,
  };
}
