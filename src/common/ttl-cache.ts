interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** A reload of it is under way (`refreshAhead`). */
  refreshing?: boolean;
}

export interface TtlCacheOptions {
  /**
   * Reload a key read in the last half of its life while still serving it, so a key read steadily
   * is never missed: a miss puts its load in front of the reader that finds it (on a chat turn's
   * path, every few seconds). A reloaded value lives from when its load began, so none served is
   * older than the TTL. For values whose loads are cheap: a key read steadily is loaded twice per TTL.
   */
  refreshAhead?: boolean;
}

/**
 * A small in-process cache of loaded values with a time to live. Used for hot, rarely changing
 * reads (routing settings, task prompts, the model catalogue, bindings) where every node may serve
 * a value up to `ttlMs` old; the node that writes invalidates its own copy at once. Concurrent
 * misses share one load; a failed load is not cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly options: TtlCacheOptions = {},
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      if (this.options.refreshAhead && !hit.refreshing && hit.expiresAt - now < this.ttlMs / 2) this.refresh(key, hit, load, now);
      return hit.value;
    }
    if (this.entries.size >= this.maxEntries) this.evictExpired(now);
    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** A failed reload leaves the entry as it was, to be served until it expires or reloaded by a later read. */
  private refresh(key: string, hit: Entry<V>, load: () => Promise<V>, startedAt: number): void {
    hit.refreshing = true;
    const value = load();
    value.then(
      () => {
        // Not over an invalidation (or a newer load) that came meanwhile.
        if (this.entries.get(key) === hit) this.entries.set(key, { value, expiresAt: startedAt + this.ttlMs });
      },
      () => {
        hit.refreshing = false;
      },
    );
  }

  /** Forgets one key, or everything. */
  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Still full of live entries: drop the oldest inserted (Map keeps insertion order).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
