import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/app-config';
import { RedisClients } from './redis.clients';

describe('RedisClients', () => {
  const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0', REDIS_REALTIME_DB: '3' });
  const clients = new RedisClients(config);
  afterAll(() => clients.onApplicationShutdown());

  it('opens the realtime connection on REDIS_REALTIME_DB, although the URL names database 0', async () => {
    expect(clients.appDb).toBe(0);
    const [appDb, realtimeDb] = await Promise.all([clients.app.client('INFO'), clients.realtime.client('INFO')]);
    expect(String(appDb)).toMatch(/\bdb=0\b/);
    expect(String(realtimeDb)).toMatch(/\bdb=3\b/);
  });

  it('defines Lua commands on the realtime connection as it opens, and later ones at once', async () => {
    const fresh = new RedisClients(config);
    try {
      fresh.defineRealtimeCommand('echoArgument', { numberOfKeys: 0, lua: 'return ARGV[1]' });
      const realtime = fresh.realtime as typeof fresh.realtime & { echoArgument(value: string): Promise<string> };
      // The connection opens here, with the command defined before.
      await expect(Promise.all([realtime.ping(), realtime.echoArgument('first')])).resolves.toEqual(['PONG', 'first']);

      fresh.defineRealtimeCommand('echoTwice', { numberOfKeys: 0, lua: 'return ARGV[1] .. ARGV[1]' });
      const later = realtime as typeof realtime & { echoTwice(value: string): Promise<string> };
      await expect(later.echoTwice('ab')).resolves.toBe('abab');
    } finally {
      await fresh.onApplicationShutdown();
    }
  });
});

