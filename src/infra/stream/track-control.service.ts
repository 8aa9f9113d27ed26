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
  /** The tracks this process is running, by id, and how to stop each. */
  private readonly watched = new Map<string, AbortController>();
  private subscription: Promise<unknown> | undefined;

  constructor(
    private readonly clients: RedisClients,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async requestStop(trackId: string): Promise<void> {
    await this.clients.app.set(this.stopKey(trackId), '1', 'EX', STOP_TTL_S);
    await this.clients.app.publish(this.clients.key('track-control'), trackId);
  }

  /** Stops every track of `trackIds` (the answers a takeover interrupts). */
  async requestStops(trackIds: readonly string[]): Promise<void> {
    await Promise.all(trackIds.map((trackId) => this.requestStop(trackId)));
  }

  /**
   * An AbortSignal that fires when a stop is requested for `trackId` (also if it was requested
   * before this call). Call `release` when the track is done.
   */
  async watch(trackId: string): Promise<{ signal: AbortSignal; release: () => void }> {
    const controller = new AbortController();
    this.watched.set(trackId, controller);
    const release = (): void => {
      if (this.watched.get(trackId) === controller) this.watched.delete(trackId);
    };
    try {
      const [, requested] = await Promise.all([this.listening(), this.clients.app.exists(this.stopKey(trackId))]);
      if (requested === 1) controller.abort();
    } catch (error) {
      release();
      throw error;
    }
    return { signal: controller.signal, release };
  }

  /**
   * One subscription to the control channel for the life of the process, shared by every watched
   * track: subscribing per track would cost a SUBSCRIBE/UNSUBSCRIBE pair on every message.
   */
  private listening(): Promise<unknown> {
    this.subscription ??= this.subscriber
      .listen(this.clients.key('track-control'), (stopped) => this.watched.get(stopped)?.abort())
      .catch((error: unknown) => {
        this.subscription = undefined;
        throw error;
      });
    return this.subscription;
  }

  private stopKey(trackId: string): string {
    return this.clients.key('track', trackId, 'stop');
  }
}
