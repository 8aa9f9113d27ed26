import { Injectable } from '@nestjs/common';
import { encodeNumber, RoomBroadcaster, type NumberEncoding, type RoomBroadcast } from '../../infra/realtime/room-broadcast';
import { RedisClients } from '../../infra/redis/redis.clients';
import { ChannelHistory, type EncodedBroadcast } from './channel-history.service';
import { requireChannel } from './channels';
import type { Publication, RealtimeChannel } from './realtime.types';

/**
 * Stand-ins for a publication's offset and timestamp while its broadcast is encoded: safe integers
 * of 2^32 and more, which MessagePack writes as uint64 (0xcf and 8 bytes) and JSON as 16 digits,
 * so their bytes can be found and replaced by the real values once Redis has numbered the
 * publication. Odd enough that a publication's own data holding exactly them is not expected; if
 * it does, publishing falls back to two round trips.
 */
const OFFSET_STAND_IN = 9_007_199_254_740_881;
const TS_STAND_IN = 9_007_199_254_740_847;

/** The stand-ins' bytes in each encoding, encoded once rather than for every publication. */
const STAND_IN_BYTES: Record<NumberEncoding, { offset: Buffer; ts: Buffer }> = {
  msgpack: { offset: encodeNumber(OFFSET_STAND_IN, 'msgpack'), ts: encodeNumber(TS_STAND_IN, 'msgpack') },
  decimal: { offset: encodeNumber(OFFSET_STAND_IN, 'decimal'), ts: encodeNumber(TS_STAND_IN, 'decimal') },
};

/**
 * The one way server code publishes to realtime subscribers, from any role: a worker reaches the
 * sockets of every web node without a socket server of its own (docs/api.md, realtime).
 */
@Injectable()
export class RealtimePublisher {
  private readonly broadcaster: RoomBroadcaster;

  constructor(
    private readonly clients: RedisClients,
    private readonly history: ChannelHistory,
  ) {
    this.broadcaster = new RoomBroadcaster(clients);
  }

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
      await this.broadcaster.send(this.clients.realtime, this.encode(publication));
      return publication;
    }
    const broadcast = splitAtStandIns(this.encode({ channel: target.name, offset: OFFSET_STAND_IN, type, ts: TS_STAND_IN, data }));
    if (broadcast) return this.history.append(target, type, data, broadcast);
    const publication = await this.history.append(target, type, data);
    await this.broadcaster.send(this.clients.realtime, this.encode(publication));
    return publication;
  }

  /** The publication encoded for the web nodes' socket.io adapter, to the room of its channel. */
  private encode(publication: Publication): RoomBroadcast {
    return this.broadcaster.encode(publication.channel, 'publication', publication);
  }
}

/** The broadcast cut around its offset and timestamp stand-ins; undefined unless each occurs exactly once, in that order. */
function splitAtStandIns({ message, ...broadcast }: RoomBroadcast): EncodedBroadcast | undefined {
  const { offset: offsetBytes, ts: tsBytes } = STAND_IN_BYTES[broadcast.numbers];
  const offsetAt = message.indexOf(offsetBytes);
  const tsAt = message.indexOf(tsBytes);
  const unique = offsetAt >= 0 && tsAt > offsetAt && message.indexOf(offsetBytes, offsetAt + 1) < 0 && message.indexOf(tsBytes, tsAt + 1) < 0;
  if (!unique) return undefined;
  return {
    ...broadcast,
    pieces: [message.subarray(0, offsetAt), message.subarray(offsetAt + offsetBytes.length, tsAt), message.subarray(tsAt + tsBytes.length)],
  };
}
