import { afterEach, describe, expect, it, vi } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  afterEach(() => vi.useRealTimers());

  it('loads once per key within the TTL and again after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new TtlCache<number>(1_000);
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);

    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('b', load)).toBe(2);
    vi.setSystemTime(Date.now() + 1_001);
    expect(await cache.get('a', load)).toBe(3);
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new TtlCache<string>(1_000);
    let loads = 0;
    const load = async (): Promise<string> => {
      loads++;
      await Promise.resolve();
      return 'value';
    };
    expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual(['value', 'value', 'value']);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<string>(1_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', () => Promise.resolve('up'))).toBe('up');
  });

  it('forgets one key or everything on invalidate', async () => {
    const cache = new TtlCache<number>(60_000);
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    cache.invalidate('a');
    expect(await cache.get('a', load)).toBe(3);
    expect(await cache.get('b', load)).toBe(2);
    cache.invalidate();
    expect(await cache.get('b', load)).toBe(4);
  });

  it('stays within its size bound', async () => {
    const cache = new TtlCache<number>(60_000, 2);
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    // 'a' was the oldest live entry and made room for 'c'.
    expect(await cache.get('a', load)).toBe(4);
  });
});
