import { Injectable } from '@nestjs/common';
import { RedisClients } from '../redis/redis.clients';
import { RedisSubscriber } from '../redis/redis-subscriber';

const STOP_TTL_S = 3600;

/**
 * Cancellation of a running track across nodes: the web node that receives `POST /messages/stop`
 * records the request (for a worker that has not started yet) and broadcasts it (for one that
 * has), and the worker running the track aborts within a round trip.
 */
@Injectable()
export class TrackControlService {
  constructor(
    private readonly clients: RedisClients,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async requestStop(trackId: string): Promise<void> {
    await this.clients.app.set(this.stopKey(trackId), '1', 'EX', STOP_TTL_S);
    await this.clients.app.publish(this.clients.key('track-control'), trackId);
  }

  /**
   * An AbortSignal that fires when a stop is requested for `trackId` (also if it was requested
   * before this call). Call `release` when the track is done.
   */
  async watch(trackId: string): Promise<{ signal: AbortSignal; release: () => void }> {
    const controller = new AbortController();
    const release = await this.subscriber.listen(this.clients.key('track-control'), (stopped) => {
      if (stopped === trackId) controller.abort();
    });
    if ((await this.clients.app.exists(this.stopKey(trackId))) === 1) controller.abort();
    return { signal: controller.signal, release };
  }

  private stopKey(trackId: string): string {
    return this.clients.key('track', trackId, 'stop');
  }
}
