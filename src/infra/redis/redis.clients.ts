import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions as QueueConnection } from 'bullmq';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import type { RedisTopology } from '../../config/redis-url';
import { COMMAND_CONNECTION_RECONNECTION } from './redis-reconnection';

/** A Lua command for `defineCommand`. Without `numberOfKeys` every call passes the number of its keys first. */
export interface LuaCommand {
  numberOfKeys?: number;
  lua: string;
}

/**
 * A connection to whatever REDIS_URL names: one Redis (directly or found through Sentinel) or a
 * Redis Cluster. Both share ioredis' command API; in cluster mode every command's keys, every
 * MULTI's and every Lua script's, must hash to one slot (keys that go together share a `{hash tag}`).
 */
export type RedisConnection = Redis | Cluster;

/** What a caller of `createConnection` may ask for; each mode maps it onto its own ioredis options. */
export interface ConnectionOptions {
  /** Standalone and Sentinel only: Redis Cluster has database 0 alone. */
  db?: number;
  lazyConnect?: boolean;
  enableReadyCheck?: boolean;
  /** null: retry a command until Redis is back (what BullMQ's workers need). */
  maxRetriesPerRequest?: number | null;
  /** Cluster only: SSUBSCRIBE through one subscriber connection per master, which sharded pub/sub needs. */
  shardedSubscribers?: boolean;
}

/**
 * The process's Redis connections: `app` (cache, locks, rate limits, stream buffers) on the DB of
 * REDIS_URL, and `realtime` on REDIS_REALTIME_DB so realtime keys never collide with app keys.
 * Keys are namespaced explicitly with `key()`, never by ioredis' keyPrefix, so Lua scripts and
 * libraries see the same names as the application. On a Redis Cluster (database 0 only) the two
 * connections reach the same keyspace: realtime keys are kept apart by their names instead, all of
 * them under `realtimeKey()`.
 */
@Injectable()
export class RedisClients implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisClients.name);
  readonly app: RedisConnection;
  private realtimeClient: RedisConnection | undefined;
  private queueClient: Cluster | undefined;
  private readonly realtimeCommands = new Map<string, LuaCommand>();

  constructor(private readonly config: AppConfig) {
    this.app = this.connect('app');
  }

  /** Whether REDIS_URL names a Redis Cluster: multi-key work must then stay within one hash slot. */
  get isCluster(): boolean {
    return this.config.redis.topology.mode === 'cluster';
  }

  /** The database `app` works in: 0 on a Redis Cluster, which has no other. */
  get appDb(): number {
    return this.app instanceof Cluster ? 0 : (this.app.options.db ?? 0);
  }

  /** The realtime DB connection, opened on first use (web nodes and workers that publish). */
  get realtime(): RedisConnection {
    if (!this.realtimeClient) {
      const client = this.connect('realtime', { db: this.config.redis.realtimeDb });
      for (const [name, command] of this.realtimeCommands) client.defineCommand(name, command);
      this.realtimeClient = client;
    }
    return this.realtimeClient;
  }

  /** Defines a Lua command on the realtime connection, now or as it opens, without opening it. */
  defineRealtimeCommand(name: string, command: LuaCommand): void {
    this.realtimeCommands.set(name, command);
    this.realtimeClient?.defineCommand(name, command);
  }

  /**
   * A dedicated connection for a caller that blocks or subscribes; the caller owns and closes it.
   * Subscriber connections are quiet, so they are not shared with commands.
   */
  createConnection(name: string, options: ConnectionOptions = {}): RedisConnection {
    return this.connect(name, options);
  }

  /**
   * BullMQ's connection setting. BullMQ opens (and closes) connections of its own from options, but
   * it can only build a plain Redis from them: on a Redis Cluster it gets one Cluster client, closed
   * here, which its workers duplicate for their blocking reads. Workers need unlimited retries.
   */
  queueConnection(): QueueConnection {
    const topology = this.config.redis.topology;
    if (topology.mode === 'cluster') {
      this.queueClient ??= this.connect('bullmq', { maxRetriesPerRequest: null }) as Cluster;
      return this.queueClient;
    }
    return topology.mode === 'standalone' ? { url: topology.url, maxRetriesPerRequest: null } : this.redisOptions(topology, { maxRetriesPerRequest: null });
  }

  /**
   * BullMQ's key prefix. On a Redis Cluster a queue's keys must share one slot (BullMQ's scripts
   * touch several at once): the prefix becomes a hash tag there. Elsewhere it stays as it was, so
   * jobs queued before an upgrade are still found.
   */
  queuePrefix(): string {
    const prefix = `${this.config.redis.keyPrefix}bull`;
    return this.isCluster ? `{${prefix}}` : prefix;
  }

  /** Applies the installation's key prefix. */
  key(...parts: string[]): string {
    return this.config.redis.keyPrefix + parts.join(':');
  }

  /** A key of the realtime keyspace: apart from app keys by name too, which is all that separates them on a Redis Cluster. */
  realtimeKey(...parts: string[]): string {
    return this.key('realtime', ...parts);
  }

  /**
   * Commands go out as they are sent, not auto-pipelined: ioredis' auto-pipelining holds every
   * command until the next turn of the event loop, and builds a Pipeline object for each batch
   * (with a copy of every Lua command and an accessor of its own, which kept whole requests alive
   * through young-generation collections). Measured side by side, messages got their first answer
   * chunk sooner without it. Commands sent in one tick still share a round trip: all are written
   * before the first answer arrives.
   */
  private connect(name: string, options: ConnectionOptions = {}): RedisConnection {
    const topology = this.config.redis.topology;
    const connectionName = `switchboard:${this.config.role}:${name}`;
    let client: RedisConnection;
    if (topology.mode === 'cluster') {
      const { lazyConnect, enableReadyCheck, shardedSubscribers, maxRetriesPerRequest } = options;
      const clusterOptions: ClusterOptions = {
        lazyConnect,
        enableReadyCheck,
        shardedSubscribers,
        redisOptions: {
          // Each node's connection: commands fail fast in an outage as on one Redis; the cluster
          // client itself reconnects to the nodes (ioredis ignores a node's retryStrategy).
          ...COMMAND_CONNECTION_RECONNECTION,
          connectionName,
          username: topology.username,
          password: topology.password,
          ...(topology.tls ? { tls: {} } : {}),
          ...(maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest } : {}),
        },
      };
      client = new Cluster(topology.nodes, clusterOptions);
    } else {
      const redisOptions = { ...COMMAND_CONNECTION_RECONNECTION, ...this.redisOptions(topology, options), connectionName };
      // ioredis lets the database in the URL (`redis://…/0`) win over `options.db`: put the
      // asked-for one into the URL, or the realtime connection would silently share the app's.
      if (topology.mode === 'standalone') {
        const url = new URL(topology.url);
        if (options.db !== undefined) url.pathname = `/${options.db}`;
        client = new Redis(url.toString(), redisOptions);
      } else {
        client = new Redis(redisOptions);
      }
    }
    client.on('error', (error: Error) => this.logger.warn(`redis(${name}): ${error.message}`));
    return client;
  }

  /**
   * ioredis options for one Redis (standalone: the URL supplies host, credentials and TLS). Never a
   * retryStrategy: BullMQ's options type does not take ioredis' null for it.
   */
  private redisOptions(topology: Exclude<RedisTopology, { mode: 'cluster' }>, options: ConnectionOptions): Omit<RedisOptions, 'retryStrategy'> {
    const { shardedSubscribers, ...common } = options;
    if (shardedSubscribers) throw new Error('sharded subscribers need a Redis Cluster');
    if (topology.mode === 'standalone') return common;
    return {
      ...common,
      sentinels: topology.sentinels,
      name: topology.masterName,
      db: options.db ?? topology.db,
      username: topology.username,
      password: topology.password,
      sentinelPassword: topology.sentinelPassword,
      ...(topology.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.app.quit(), this.realtimeClient?.quit(), this.queueClient?.quit()]);
  }
}
