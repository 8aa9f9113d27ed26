import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/app-config';
import { RedisClients } from './redis.clients';

describe('RedisClients', () => {
  const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0', REDIS_REALTIME_DB: '3' });
  const clients = new RedisClients(config);
  afterAll(() => clients.onApplicationShutdown());

  it('opens the realtime connection on REDIS_REALTIME_DB, although the URL names database 0', async () => {
    expect(clients.app.options.db).toBe(0);
    expect(clients.realtime.options.db).toBe(3);
    const [appDb, realtimeDb] = await Promise.all([clients.app.client('INFO'), clients.realtime.client('INFO')]);
    expect(String(appDb)).toMatch(/\bdb=0\b/);
    expect(String(realtimeDb)).toMatch(/\bdb=3\b/);
  });
});
