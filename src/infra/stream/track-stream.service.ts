import { Injectable } from '@nestjs/common';
import { RedisClients, type RedisConnection } from '../redis/redis.clients';
import { RedisSubscriber } from '../redis/redis-subscriber';
import { trackKey } from './track-key';

/** One event of a track, as stored: `id` is the Redis stream id (monotonic, `<ms>-<seq>`). */
export interface TrackEvent {
  id: string;
  event: string;
  data: unknown;
}

/** Entries kept per track (an answer streams one entry per chunk). */
const MAX_EVENTS_PER_TRACK = 20_000;
/** How long a track lives after its last event: past it, nobody can follow the answer any more. */
export const TRACK_TTL_S = 3600;

/** XADD (history, bounded), EXPIRE, PUBLISH (live tail) in one round trip, atomically. */
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2], 'd', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', KEYS[2], id .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3])
return id`;

interface TrackStreamCommands {
  publishTrackEvent(streamKey: string, channel: string, maxLen: number, event: string, data: string, ttlS: number): Promise<string>;
}

/**
 * The relay between whoever produces a track's events (a worker running the pipeline) and
 * whoever follows them (SSE clients on any web node). Every event is kept in a per-track Redis
 * stream, so a client can re-attach with `Last-Event-ID` on any node and get exactly what it
 * missed, and published on a per-track channel for the live tail, which each node receives on
 * its one shared subscriber connection.
 */
@Injectable()
export class TrackStreamService {
  private readonly redis: RedisConnection & TrackStreamCommands;

  constructor(
    private readonly clients: RedisClients,
    private readonly subscriber: RedisSubscriber,
  ) {
    this.redis = withTrackCommands(clients.app);
  }

  /**
   * Stores and announces one event of the track; `connection`: through another connection to the
   * same Redis, to order it with what else goes down that one (JobQueueService.enqueueAfter).
   */
  async publish(trackId: string, event: string, data: unknown, connection?: RedisConnection): Promise<string> {
    return withTrackCommands(connection ?? this.redis).publishTrackEvent(
      this.streamKey(trackId),
      this.channel(trackId),
      MAX_EVENTS_PER_TRACK,
      event,
      JSON.stringify(data),
      TRACK_TTL_S,
    );
  }

  /**
   * Subscribes this node to the track's live tail ahead of a `follow` here, until the returned
   * function is called: a node launching an answer it is about to stream overlaps the SUBSCRIBE
   * with the launch, and the follow then finds the channel subscribed (RedisSubscriber shares one
   * subscription per channel) instead of waiting for it.
   */
  listenAhead(trackId: string): Promise<() => void> {
    return this.subscriber.listen(this.channel(trackId), () => undefined);
  }

  /** Everything stored after `afterId` (exclusive), or from the start. */
  async history(trackId: string, afterId?: string): Promise<TrackEvent[]> {
    const start = afterId ? `(${afterId}` : '-';
    const entries = await this.clients.app.xrange(this.streamKey(trackId), start, '+');
    return entries.map(([id, fields]) => toEvent(id, fields));
  }

  /** The track's newest `count` events, newest first (none when the track has expired). */
  async latest(trackId: string, count: number): Promise<TrackEvent[]> {
    const entries = await this.clients.app.xrevrange(this.streamKey(trackId), '+', '-', 'COUNT', count);
    return entries.map(([id, fields]) => toEvent(id, fields));
  }

  /**
   * Replays what came after `afterId`, then follows live until the consumer stops iterating or
   * `signal` aborts. Subscribes before reading history, so nothing falls between the two, and
   * drops live events the replay already delivered.
   */
  async *follow(trackId: string, afterId: string | undefined, signal: AbortSignal): AsyncGenerator<TrackEvent> {
    const pending: TrackEvent[] = [];
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const stop = await this.subscriber.listen(this.channel(trackId), (message) => {
      pending.push(parseLive(message));
      notify();
    });
    signal.addEventListener('abort', notify, { once: true });
    try {
      let lastId = afterId;
      for (const event of await this.history(trackId, afterId)) {
        lastId = event.id;
        yield event;
      }
      while (!signal.aborted) {
        const event = pending.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (lastId !== undefined && compareStreamIds(event.id, lastId) <= 0) continue;
        lastId = event.id;
        yield event;
      }
    } finally {
      signal.removeEventListener('abort', notify);
      stop();
    }
  }

  private streamKey(trackId: string): string {
    return trackKey(this.clients, trackId, 'events');
  }

  private channel(trackId: string): string {
    return trackKey(this.clients, trackId, 'live');
  }
}

/** `connection` with the track's script defined on it (once per connection). */
function withTrackCommands(connection: RedisConnection): RedisConnection & TrackStreamCommands {
  const commands = connection as RedisConnection & Partial<TrackStreamCommands>;
  if (!commands.publishTrackEvent) connection.defineCommand('publishTrackEvent', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
  return connection as RedisConnection & TrackStreamCommands;
}

function toEvent(id: string, fields: string[]): TrackEvent {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i], fields[i + 1]);
  return { id, event: values.get('e') ?? 'message', data: JSON.parse(values.get('d') ?? 'null') as unknown };
}

function parseLive(message: string): TrackEvent {
  const first = message.indexOf('\n');
  const second = message.indexOf('\n', first + 1);
  return { id: message.slice(0, first), event: message.slice(first + 1, second), data: JSON.parse(message.slice(second + 1)) as unknown };
}

/**
 * Orders stream ids (`<ms>-<seq>`) as Redis does, exactly over the whole 64-bit range (Number is
 * exact only up to 2^53). Both ids must be canonical, as Redis writes them and `isStreamId` admits:
 * decimals without leading zeros, which order by length first, then digit by digit.
 */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '', aSeq = ''] = a.split('-');
  const [bMs = '', bSeq = ''] = b.split('-');
  return compareDecimals(aMs, bMs) || compareDecimals(aSeq, bSeq);
}

function compareDecimals(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Both parts of a stream id are unsigned 64-bit integers in Redis. */
const MAX_STREAM_ID_PART = 2n ** 64n - 1n;
const CANONICAL_STREAM_ID = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

/**
 * True for a stream id exactly as Redis writes one: `<ms>-<seq>`, canonical decimals each within
 * 64 bits. A user-supplied Last-Event-ID is checked with it, so nothing else ever reaches Redis
 * (which answers an out-of-range id with an error) or `compareStreamIds`.
 */
export function isStreamId(value: string): boolean {
  const parts = CANONICAL_STREAM_ID.exec(value);
  return parts !== null && parts.slice(1).every((part) => BigInt(part) <= MAX_STREAM_ID_PART);
}
