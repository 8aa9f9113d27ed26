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
 * Most publications one script call stores and sends: Redis runs nothing else meanwhile, so a
 * burst is cut into calls of bounded length (each well under a millisecond).
 */
const MAX_APPENDS_PER_CALL = 64;

/** A publication waiting for the end of the tick, and its caller's promise. */
interface Queued {
  target: RealtimeChannel;
  type: string;
  data: unknown;
  resolve: (publication: Publication) => void;
  reject: (error: unknown) => void;
}

/**
 * The one way server code publishes to realtime subscribers, from any role: a worker reaches the
 * sockets of every web node without a socket server of its own (docs/api.md, realtime).
 */
@Injectable()
export class RealtimePublisher {
  private readonly broadcaster: RoomBroadcaster;
  /** Publications of the current tick, sent together at its end (flush). */
  private queue: Queued[] = [];

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
   * Publications made in the same tick go out in the order they were made, those of history
   * channels together in one script call (ChannelHistory.appendAll). Resolves once Redis has taken
   * it. A name that is not a channel → CHANNEL_INVALID.
   */
  async publish(channel: RealtimeChannel | string, type: string, data: unknown): Promise<Publication> {
    const target = typeof channel === 'string' ? requireChannel(channel) : channel;
    return new Promise((resolve, reject) => {
      this.queue.push({ target, type, data, resolve, reject });
      if (this.queue.length === 1) process.nextTick(() => this.flush());
    });
  }

  /**
   * Sends the tick's publications in their order: consecutive ones of history channels in runs
   * that share a script call, the others on their own. Their commands are issued before this
   * returns, on the one connection, so Redis takes them in that order (but for the
   * broadcast of appendThenSend's rare fallback, which waits for its numbering).
   */
  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    let run: Array<Queued & { broadcast: EncodedBroadcast }> = [];
    const sendRun = (): void => {
      if (run.length > 0) this.appendRun(run);
      run = [];
    };
    for (const queued of queue) {
      try {
        if (!this.history.keepsHistory(queued.target)) {
          sendRun();
          this.sendUnnumbered(queued);
          continue;
        }
        const { target, type, data } = queued;
        const broadcast = splitAtStandIns(this.encode({ channel: target.name, offset: OFFSET_STAND_IN, type, ts: TS_STAND_IN, data }));
        if (!broadcast) {
          sendRun();
          this.appendThenSend(queued);
          continue;
        }
        if (run.length === MAX_APPENDS_PER_CALL || (run.length > 0 && !this.history.mayAppendTogether(run[0].target, target))) sendRun();
        run.push({ ...queued, broadcast });
      } catch (error) {
        // Data the encoder refused: this publication fails, the others of the tick go out.
        queued.reject(error);
      }
    }
    sendRun();
  }

  private appendRun(run: Array<Queued & { broadcast: EncodedBroadcast }>): void {
    this.history.appendAll(run.map(({ target, type, data, broadcast }) => ({ channel: target, type, data, broadcast }))).then(
      (publications) => run.forEach((queued, i) => queued.resolve(publications[i])),
      (error: unknown) => run.forEach((queued) => queued.reject(error)),
    );
  }

  private sendUnnumbered({ target, type, data, resolve, reject }: Queued): void {
    const publication: Publication = { channel: target.name, offset: 0, type, ts: Date.now(), data };
    this.broadcaster.send(this.clients.realtime, this.encode(publication)).then(() => resolve(publication), reject);
  }

  /** Data that holds a stand-in's bytes: numbered and stored first, then sent (two round trips). */
  private appendThenSend({ target, type, data, resolve, reject }: Queued): void {
    this.history
      .append(target, type, data)
      .then(async (publication) => {
        await this.broadcaster.send(this.clients.realtime, this.encode(publication));
        return publication;
      })
      .then(resolve, reject);
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
