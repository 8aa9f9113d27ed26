import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../../config/app-config';
import { RedisClients } from '../redis.clients';

/** Two app nodes' connections to the real Redis under one fresh key prefix, and the config they share. */
export interface RedisTestNodes {
  config: AppConfig;
  nodes: [RedisClients, RedisClients];
  /** Deletes every key under the prefix, in the app DB and the realtime DB, then closes both nodes' connections. */
  dispose: () => Promise<void>;
}

/** Specs of cross-node Redis behaviour share the real Redis (127.0.0.1:6379): a random prefix keeps their keys apart, `env` adds settings. */
export function redisTestNodes(env: Record<string, string> = {}): RedisTestNodes {
  const config = loadConfig({ ...env, REDIS_KEY_PREFIX: `sb_unit_${randomBytes(6).toString('hex')}:` });
  const nodes: [RedisClients, RedisClients] = [new RedisClients(config), new RedisClients(config)];
  return {
    config,
    nodes,
    dispose: async () => {
      for (const db of [nodes[0].app, nodes[0].realtime]) {
        const keys = await db.keys(`${config.redis.keyPrefix}*`);
        if (keys.length > 0) await db.del(...keys);
      }
      await nodes[0].onApplicationShutdown();
      await nodes[1].onApplicationShutdown();
    },
  };
}
