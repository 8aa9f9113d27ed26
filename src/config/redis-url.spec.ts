import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config';
import { parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('hands a redis:// or rediss:// URL to ioredis as it is', () => {
    expect(parseRedisUrl('redis://:secret@127.0.0.1:6379/2')).toEqual({ mode: 'standalone', url: 'redis://:secret@127.0.0.1:6379/2' });
    expect(parseRedisUrl('rediss://cache.internal')).toEqual({ mode: 'standalone', url: 'rediss://cache.internal' });
  });

  it('reads a Sentinel set: sentinels, master name, database, credentials of the data nodes and of the sentinels', () => {
    expect(parseRedisUrl('redis+sentinel://app:p%40ss@10.0.0.1:26379,10.0.0.2,[::1]:26380/mymaster/3?sentinelPassword=watch')).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      masterName: 'mymaster',
      db: 3,
      tls: false,
      username: 'app',
      password: 'p@ss',
      sentinelPassword: 'watch',
    });
    expect(parseRedisUrl('rediss+sentinel://:pw@s1:26379/main')).toEqual({ mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], masterName: 'main', db: 0, tls: true, password: 'pw' });
  });

  it('reads a Redis Cluster: seed nodes and credentials, database 0 only', () => {
    expect(parseRedisUrl('redis+cluster://127.0.0.1:7000,127.0.0.1:7001')).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ],
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://:pw@redis-0.redis:6379/0')).toEqual({ mode: 'cluster', nodes: [{ host: 'redis-0.redis', port: 6379 }], tls: true, password: 'pw' });
  });

  it.each([
    ['http://127.0.0.1:6379', /must start with redis:\/\//],
    ['redis://', /names no host/],
    ['redis+cluster://', /1-32 host:port pairs/],
    ['redis+cluster://a:7000,,b:7001', /not a host name/],
    ['redis+cluster://a:70000', /no valid port/],
    ['redis+cluster://a:7000/1', /only database 0/],
    ['redis+cluster://a:7000?foo=1', /takes no \?options/],
    ['redis+sentinel://a:26379', /needs the master name/],
    ['redis+sentinel://a:26379/bad name', /needs the master name/],
    ['redis+sentinel://a:26379/mymaster/16', /database number 0-15/],
    ['redis+sentinel://a:26379/mymaster/1/2', /database number 0-15/],
    ['redis+sentinel://a:26379/mymaster?password=x', /unknown option password/],
    ['redis+sentinel://:%E0%A4%A@a:26379/mymaster', /broken %-escape/],
    ['redis+sentinel://a:26379/mymaster#x', /fragment/],
    [`redis+cluster://${'a:1,'.repeat(33)}a:1`, /1-32 host:port pairs/],
    [`redis+cluster://${'a'.repeat(3000)}`, /longer than 2048/],
  ])('refuses %s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('fails config load with the parser’s reason', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis+sentinel://a:26379' })).toThrow(/REDIS_URL: a redis\+sentinel:\/\/ URL needs the master name/);
    expect(loadConfig({ REDIS_URL: 'redis+cluster://127.0.0.1:7000' }).redis.topology).toMatchObject({ mode: 'cluster' });
  });
});
