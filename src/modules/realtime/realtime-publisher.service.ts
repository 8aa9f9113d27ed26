import { Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { socketIoRedisKey } from '../../infra/realtime/socket-io-redis-key';
import { RedisClients } from '../../infra/redis/redis.clients';
import { ChannelHistory, type EncodedBroadcast } from './channel-history.service';
import { requireChannel } from './channels';
import type { Publication, RealtimeChannel, RealtimeServerEvents } from './realtime.types';

/**
 * Stand-ins for a publication's offset and timestamp while its broadcast is encoded: safe integers
 * of 2^32 and more, which MessagePack writes as uint64 (0xcf and 8 bytes), so their bytes can be
 * found and replaced by the real values once Redis has numbered the publication. Odd enough that
 * a publication's own data holding exactly them is not expected; if it does, publishing falls back
 * to two round trips.
 */
const OFFSET_STAND_IN = 9_007_199_254_740_881;
const TS_STAND_IN = 9_007_199_254_740_847;
const OFFSET_BYTES = uint64(OFFSET_STAND_IN);
const TS_BYTES = uint64(TS_STAND_IN);

interface Broadcast {
  channel: string;
  message: Buffer;
}

/**
 * The one way server code publishes to realtime subscribers, from any role: a worker reaches the
 * sockets of every web node without a socket server of its own (docs/api.md, realtime).
 */
@Injectable()
export class RealtimePublisher {
  /** What the emitter last handed to "Redis": it encodes synchronously, so one slot serves every call. */
  private encoded: Broadcast | undefined;
  private emitter: Emitter<RealtimeServerEvents> | undefined;

  constructor(
    private readonly clients: RedisClients,
    private readonly history: ChannelHistory,
  ) {}

  /**
   * Emits the publication as `publication` to the room named after the channel, on every node. On
   * a channel that keeps history it is first numbered and stored, and the broadcast goes out from
   * the same Redis script: one round trip, so nothing can come between storing and sending.
   * Resolves once Redis has taken it. A name that is not a channel → CHANNEL_INVALID.
   */
  async publish(channel: RealtimeChannel | string, type: string, data: unknown): Promise<Publication> {
    const target = typeof channel === 'string' ? requireChannel(channel) : channel;
    if (!this.history.keepsHistory(target)) {
      const publication: Publication = { channel: target.name, offset: 0, type, ts: Date.now(), data };
      const { channel: pubsub, message } = this.encode(publication);
      await this.clients.realtime.publish(pubsub, message);
      return publication;
    }
    const broadcast = splitAtStandIns(this.encode({ channel: target.name, offset: OFFSET_STAND_IN, type, ts: TS_STAND_IN, data }));
    if (broadcast) return this.history.append(target, type, data, broadcast);
    const publication = await this.history.append(target, type, data);
    const { channel: pubsub, message } = this.encode(publication);
    await this.clients.realtime.publish(pubsub, message);
    return publication;
  }

  /**
   * The publication encoded the way socket.io's Redis adapter decodes it, and the pub/sub channel
   * of its room, as the emitter would send them. Pub/sub ignores the logical DB, so the realtime
   * connection that history uses serves for sending.
   */
  private encode(publication: Publication): Broadcast {
    this.emitter ??= new Emitter<RealtimeServerEvents>(
      { publish: (channel: string, message: Buffer) => (this.encoded = { channel, message }) },
      { key: socketIoRedisKey(this.clients) },
    );
    this.encoded = undefined;
    this.emitter.to(publication.channel).emit('publication', publication);
    const encoded = this.encoded as Broadcast | undefined;
    if (!encoded) throw new Error('the realtime emitter encoded nothing');
    return encoded;
  }
}

/** The broadcast cut around its offset and timestamp stand-ins; undefined unless each occurs exactly once, in that order. */
function splitAtStandIns({ channel, message }: Broadcast): EncodedBroadcast | undefined {
  const offsetAt = message.indexOf(OFFSET_BYTES);
  const tsAt = message.indexOf(TS_BYTES);
  const unique = offsetAt >= 0 && tsAt > offsetAt && message.indexOf(OFFSET_BYTES, offsetAt + 1) < 0 && message.indexOf(TS_BYTES, tsAt + 1) < 0;
  if (!unique) return undefined;
  return {
    channel,
    pieces: [message.subarray(0, offsetAt), message.subarray(offsetAt + OFFSET_BYTES.length, tsAt), message.subarray(tsAt + TS_BYTES.length)],
  };
}

/** A safe integer as MessagePack uint64. */
function uint64(value: number): Buffer {
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xcf;
  bytes.writeBigUInt64BE(BigInt(value), 1);
  return bytes;
}
