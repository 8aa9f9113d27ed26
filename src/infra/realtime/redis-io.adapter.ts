import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import type { RedisClients, RedisConnection } from '../redis/redis.clients';
import { REALTIME_PATH } from './realtime-path';
import { roomPubSubChannel, socketIoRedisKey } from './socket-io-redis-key';

/**
 * Frames are small (a channel name, a subscription token, a typing preview): 16 KiB leaves room
 * for all of them and keeps one socket from making the node buffer megabytes. A larger frame
 * closes the connection (WebSocket close 1009); the gateway's own field limits are far below it.
 */
const MAX_FRAME_BYTES = 16 * 1024;

/**
 * Heartbeats: a ping every 25 s is traffic often enough that load balancers with a 60 s idle
 * timeout never cut a quiet socket, and a peer that stops answering for 20 s more is dropped, so
 * a vanished client frees its connection slot within 45 s.
 */
const PING_INTERVAL_MS = 25_000;
const PING_TIMEOUT_MS = 20_000;

/**
 * A transport that has not completed the authenticated handshake within 10 s is closed (socket.io
 * waits 45 s by default): opening sockets without valid tokens must not hold memory for long.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** The socket.io server options every web node runs with; see the constants above for the why. */
export function realtimeServerOptions(): Partial<ServerOptions> {
  return {
    path: REALTIME_PATH,
    // WebSocket only: long-polling needs sticky sessions behind a load balancer, which we do not
    // require, and a client that can fall back to polling would fail on every other request.
    transports: ['websocket'],
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Compression costs memory per socket for frames that are tiny anyway.
    perMessageDeflate: false,
    // No CORS: it only governs HTTP long-polling, which is off. The page's Origin is checked at
    // the handshake (RealtimeGateway), where the connection token says whose socket it is: a
    // widget visitor's page is on another site than the app.
  };
}

/**
 * Nest's socket.io adapter for the web role: the server lives at REALTIME_PATH on the HTTP port,
 * with the options above, and rooms span every web node through @socket.io/redis-adapter on two
 * dedicated connections (one of them in subscriber mode) to the realtime Redis DB. On a Redis
 * Cluster it is the sharded adapter (Redis 7 sharded pub/sub, SPUBLISH/SSUBSCRIBE: a room's
 * broadcasts reach only the node that owns its channel's slot, not every node of the cluster).
 * Workers never use it: they publish in its wire format on the same channel prefix (RoomBroadcaster).
 *
 * `connectToRedis()` must complete before `app.useWebSocketAdapter(adapter)`; Nest calls
 * `dispose()` when the app closes (after the socket server, before the shared Redis clients).
 */
export class RedisIoAdapter extends IoAdapter {
  private connections: RedisConnection[] = [];
  private redisAdapter: ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter> | undefined;

  constructor(
    app: INestApplication,
    private readonly config: AppConfig,
    private readonly redis: RedisClients,
  ) {
    super(app);
  }

  /** Opens both connections and fails (so the boot fails) when Redis cannot be reached. */
  async connectToRedis(): Promise<void> {
    const options = { db: this.config.redis.realtimeDb, lazyConnect: true };
    const sharded = this.redis.isCluster;
    const publisher = this.redis.createConnection('realtime-adapter-pub', options);
    const subscriber = this.redis.createConnection('realtime-adapter-sub', sharded ? { ...options, shardedSubscribers: true } : options);
    this.connections = [publisher, subscriber];
    await Promise.all(this.connections.map((connection) => connection.connect()));
    this.redisAdapter = sharded
      ? joinsAwaitingSubscription(
          // The default "dynamic" subscription mode: one shard channel per room (roomPubSubChannel).
          createShardedAdapter(publisher, subscriber, { channelPrefix: socketIoRedisKey(this.redis) }),
          (room) => subscriber.ssubscribe(roomPubSubChannel(this.redis, room)),
        )
      : createAdapter(publisher, subscriber, {
          key: socketIoRedisKey(this.redis),
          // Answers to cross-node requests (fetchSockets, serverSideEmit) go only to the node that asked.
          publishOnSpecificResponseChannel: true,
        });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    if (!this.redisAdapter) throw new Error('RedisIoAdapter.connectToRedis() must complete before the socket server is created');
    // Ours come last: transport, limits and origin checks are the adapter's to decide, not a
    // gateway's. Nest types the options as complete; socket.io takes a partial and fills defaults.
    const ours: Partial<ServerOptions> = { ...options, ...realtimeServerOptions(), adapter: this.redisAdapter };
    return super.createIOServer(port, ours as ServerOptions);
  }

  override async dispose(): Promise<void> {
    await Promise.allSettled(this.connections.map((connection) => connection.quit()));
    this.connections = [];
  }
}

/**
 * The sharded adapter SSUBSCRIBEs to a room's shard channel as the room is created on this node,
 * without waiting for Redis: `socket.join()` resolved before the subscription was active, and a
 * publication sent right after a subscribe frame's ack could miss the socket. Here joining a new
 * room also resolves only once `subscribeAgain` has been answered: the same SSUBSCRIBE on the same
 * connection, so Redis has confirmed the adapter's own by then (it answers in order). A second
 * subscription to a channel is a no-op for Redis, and ioredis drops both on SUNSUBSCRIBE.
 */
function joinsAwaitingSubscription(factory: ReturnType<typeof createShardedAdapter>, subscribeAgain: (room: string) => Promise<unknown>): ReturnType<typeof createShardedAdapter> {
  // A function, not an arrow: socket.io calls the factory with `new`.
  return function awaitingSubscription(nsp: unknown) {
    const adapter = factory(nsp);
    const addAll = adapter.addAll.bind(adapter);
    adapter.addAll = async (socketId, rooms) => {
      // A socket's own room is private: the adapter subscribes to no channel for it.
      const created = [...rooms].filter((room) => room !== socketId && !adapter.rooms.has(room));
      await addAll(socketId, rooms);
      await Promise.all(created.map((room) => subscribeAgain(String(room))));
    };
    return adapter;
  };
}
