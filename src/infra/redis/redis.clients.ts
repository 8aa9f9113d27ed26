import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

/** A Lua command for `defineCommand`. */
export interface LuaCommand {
  numberOfKeys: number;
  lua: string;
}
import { AppConfig } from '../../config/app-config';

/**
 * The process's Redis connections: `app` (cache, locks, rate limits, stream buffers) on the DB of
 * REDIS_URL, and `realtime` on REDIS_REALTIME_DB so realtime keys never collide with app keys.
 * Keys are namespaced explicitly with `key()`, never by ioredis' keyPrefix, so Lua scripts and
 * libraries see the same names as the application.
 */
@Injectable()
export class RedisClients implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisClients.name);
  readonly app: Redis;
  private realtimeClient: Redis | undefined;
  private readonly realtimeCommands = new Map<string, LuaCommand>();

  constructor(private readonly config: AppConfig) {
    this.app = this.connect('app');
  }

  /** The realtime DB connection, opened on first use (web nodes and workers that publish). */
  get realtime(): Redis {
    if (!this.realtimeClient) {
      const client = this.connect('realtime', { db: this.config.redis.realtimeDb });
      for (const [name, command] of this.realtimeCommands) client.defineCommand(name, command);
      this.realtimeClient = client;
    }
    return this.realtimeClient;
  }

  /**
   * Defines a Lua command on the realtime connection, now or as it opens, without opening it. A
   * command must exist before the connection's first command: ioredis batches the commands of one
   * tick into an auto-pipeline, and a command defined after that batch began is missing from it,
   * which fails the whole batch (and crashed a process that did so lazily, on first use).
   */
  defineRealtimeCommand(name: string, command: LuaCommand): void {
    this.realtimeCommands.set(name, command);
    this.realtimeClient?.defineCommand(name, command);
  }

  /**
   * A dedicated connection for a caller that blocks or subscribes; the caller owns and closes it.
   * Subscriber connections are quiet, so they are not shared with commands.
   */
  createConnection(name: string, options: RedisOptions = {}): Redis {
    return this.connect(name, options);
  }

  /** Applies the installation's key prefix. */
  key(...parts: string[]): string {
    return this.config.redis.keyPrefix + parts.join(':');
  }

  private connect(name: string, options: RedisOptions = {}): Redis {
    // ioredis lets the database in the URL (`redis://…/0`) win over `options.db`: put the asked-for
    // one into the URL, or the realtime connection would silently share the app's database.
    const url = new URL(this.config.redis.url);
    if (options.db !== undefined) url.pathname = `/${options.db}`;
    const client = new Redis(url.toString(), {
      connectionName: `switchboard:${this.config.role}:${name}`,
      enableAutoPipelining: true,
      ...options,
    });
    client.on('error', (error: Error) => this.logger.warn(`redis(${name}): ${error.message}`));
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.app.quit(), this.realtimeClient?.quit()]);
  }
}
