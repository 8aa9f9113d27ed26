import { Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { socketIoRedisKey } from '../../infra/realtime/socket-io-redis-key';
import { RedisClients } from '../../infra/redis/redis.clients';
import { ChannelHistory } from './channel-history.service';
import { requireChannel } from './channels';
import type { Publication, RealtimeChannel, RealtimeServerEvents } from './realtime.types';

/**
 * The one way server code publishes to realtime subscribers, from any role: a worker reaches the
 * sockets of every web node without a socket server of its own (docs/api.md, realtime).
 */
@Injectable()
export class RealtimePublisher {
  constructor(
    private readonly clients: RedisClients,
    private readonly history: ChannelHistory,
  ) {}

  /**
   * Numbers and stores the publication on a channel that keeps history (one round trip), then
   * emits it as `publication` to the room named after the channel, on every node (one more).
   * Resolves once Redis has taken both. A name that is not a channel → CHANNEL_INVALID.
   */
  async publish(channel: RealtimeChannel | string, type: string, data: unknown): Promise<Publication> {
    const target = typeof channel === 'string' ? requireChannel(channel) : channel;
    const publication: Publication = this.history.keepsHistory(target)
      ? await this.history.append(target, type, data)
      : { channel: target.name, offset: 0, type, ts: Date.now(), data };
    await this.emit(target.name, publication);
    return publication;
  }

  /**
   * The emitter encodes the packet the way socket.io's Redis adapter decodes it, then publishes
   * without waiting for Redis. It gets a client whose `publish` keeps that command's promise, so a
   * failure reaches our caller instead of becoming an unhandled rejection. Pub/sub ignores the
   * logical DB, so the realtime connection that history uses serves for this too.
   */
  private async emit(room: string, publication: Publication): Promise<void> {
    const sent: Array<Promise<unknown>> = [];
    const publisher = { publish: (channel: string, message: Buffer) => sent.push(this.clients.realtime.publish(channel, message)) };
    new Emitter<RealtimeServerEvents>(publisher, { key: socketIoRedisKey(this.clients) }).to(room).emit('publication', publication);
    await Promise.all(sent);
  }
}
