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

  it('reloads a key read in the last half of its life, serving the old value meanwhile, when asked to', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new TtlCache<number>(1_000, 10, { refreshAhead: true });
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    const start = Date.now();

    expect(await cache.get('a', load)).toBe(1);
    vi.setSystemTime(start + 400);
    expect(await cache.get('a', load)).toBe(1);
    expect(loads).toBe(1);
    // Past half its life: still served, and reloaded once however often it is read meanwhile.
    vi.setSystemTime(start + 600);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(loads).toBe(2);
    // The reload lives from when it began (600), so past the first value's expiry it is served, no miss.
    vi.setSystemTime(start + 1_050);
    expect(await cache.get('a', load)).toBe(2);
    expect(loads).toBe(2);
    // Unread through its own last half, it expires like any other.
    vi.setSystemTime(start + 1_700);
    expect(await cache.get('a', load)).toBe(3);
  });

  it('does not reload ahead unless asked to, and an invalidation beats a reload in flight', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const plain = new TtlCache<number>(1_000);
    let loads = 0;
    await plain.get('a', () => Promise.resolve(++loads));
    vi.setSystemTime(Date.now() + 900);
    await plain.get('a', () => Promise.resolve(++loads));
    expect(loads).toBe(1);

    const ahead = new TtlCache<string>(1_000, 10, { refreshAhead: true });
    await ahead.get('a', () => Promise.resolve('old'));
    vi.setSystemTime(Date.now() + 900);
    let finish!: (value: string) => void;
    expect(await ahead.get('a', () => new Promise<string>((resolve) => (finish = resolve)))).toBe('old');
    ahead.invalidate('a');
    expect(await ahead.get('a', () => Promise.resolve('fresh'))).toBe('fresh');
    finish('stale');
    await Promise.resolve();
    expect(await ahead.get('a', () => Promise.resolve('again'))).toBe('fresh');
  });

  it('keeps serving the value when a reload fails, and tries again on a later read', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new TtlCache<string>(1_000, 10, { refreshAhead: true });
    await cache.get('a', () => Promise.resolve('first'));
    vi.setSystemTime(Date.now() + 600);
    expect(await cache.get('a', () => Promise.reject(new Error('down')))).toBe('first');
    await Promise.resolve();
    expect(await cache.get('a', () => Promise.resolve('second'))).toBe('first');
    await Promise.resolve();
    vi.setSystemTime(Date.now() + 500);
    expect(await cache.get('a', () => Promise.resolve('third'))).toBe('second');
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
