import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisConnection } from './redis.clients';
import { RedisClients } from './redis.clients';

type MessageListener = (message: string) => void;
type InterruptionListener = () => void;

/**
 * One pub/sub connection per process, shared by every local listener: thousands of open streams
 * cost one Redis connection, not thousands. Channels are subscribed while they have a listener.
 * When the connection drops, ioredis subscribes again as it reconnects; what was published
 * meanwhile is lost, which `onInterruption` tells whoever keeps state on what it hears.
 */
@Injectable()
export class RedisSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisSubscriber.name);
  private readonly listeners = new Map<string, Set<MessageListener>>();
  /** The SUBSCRIBE in flight or done per channel: every listener waits until it is confirmed. */
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly interruptionListeners = new Set<InterruptionListener>();
  private connection: RedisConnection | undefined;

  constructor(private readonly redis: RedisClients) {}

  /** Listens on `channel` until the returned function is called. Resolves once subscribed. */
  async listen(channel: string, listener: MessageListener): Promise<() => void> {
    const connection = this.connect();
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    let subscription = this.subscribed.get(channel);
    if (!subscription) {
      subscription = connection.subscribe(channel);
      this.subscribed.set(channel, subscription);
    }
    const stop = (): void => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      this.subscribed.delete(channel);
      connection.unsubscribe(channel).catch((error: Error) => this.logger.warn(`unsubscribe ${channel}: ${error.message}`));
    };
    try {
      await subscription;
    } catch (error) {
      // Forget the failed SUBSCRIBE, so the next listener tries again instead of inheriting it.
      if (this.subscribed.get(channel) === subscription) this.subscribed.delete(channel);
      stop();
      throw error;
    }
    return stop;
  }

  /**
   * Calls `listener` whenever the connection is lost: nothing published from then until it is
   * back is heard. A `listen` after that resolves once the connection is back and subscribed.
   */
  onInterruption(listener: InterruptionListener): void {
    this.interruptionListeners.add(listener);
  }

  private connect(): RedisConnection {
    if (!this.connection) {
      // No ready check: ioredis would send INFO after a SUBSCRIBE queued during connect, which a
      // connection in subscriber mode refuses (and the SUBSCRIBE would fail with it).
      const connection = this.redis.createConnection('subscriber', { enableReadyCheck: false });
      connection.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      connection.on('close', () => {
        // The SUBSCRIBEs confirmed so far no longer say that a channel is heard: the next listen
        // sends its own, answered only once the connection is back.
        this.subscribed.clear();
        for (const listener of this.interruptionListeners) listener();
      });
      this.connection = connection;
    }
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    this.interruptionListeners.clear();
    await this.connection?.quit().catch(() => undefined);
  }
}
