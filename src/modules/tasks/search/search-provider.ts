/** How recent results must be; providers map it to their own parameter. */
export type SearchFreshness = 'day' | 'week' | 'month' | 'year';

export interface SearchOptions {
  /** ISO 639-1 code the results should be in, when the provider can filter by it. */
  language?: string;
  /** At most this many results (providers may return fewer). */
  limit: number;
  freshness?: SearchFreshness;
  signal?: AbortSignal;
}

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
  /** ISO 8601 when the provider gave a parsable date. */
  publishedAt?: string;
}

/** One web search backend (SearXNG, Brave Search …). Fails with a CapabilityError. */
export interface SearchProvider {
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<SearchResult[]>;
}

/** Longest title, snippet and URL kept from a provider: results go into prompts and citations. */
export const MAX_TITLE_CHARS = 300;
export const MAX_SNIPPET_CHARS = 1000;
export const MAX_URL_CHARS = 2048;
/** More results than any answer cites: a provider's answer is cut here whatever `limit` says. */
export const MAX_RESULTS = 20;

/**
 * One result from a provider's untrusted JSON item: strings only, whitespace collapsed, lengths
 * bounded, and only http(s) URLs (a `javascript:` link must never become a citation). Null when
 * the item has no usable URL or title.
 */
export function toSearchResult(item: unknown, fields: { title: string; url: string; snippet: string; date?: string }): SearchResult | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const record = item as Record<string, unknown>;
  const url = httpUrl(record[fields.url]);
  const title = clean(record[fields.title], MAX_TITLE_CHARS) || (url ? clean(url, MAX_TITLE_CHARS) : '');
  if (!url || !title) return null;
  const publishedAt = fields.date ? isoDate(record[fields.date]) : undefined;
  return { title, url, snippet: clean(record[fields.snippet], MAX_SNIPPET_CHARS), ...(publishedAt ? { publishedAt } : {}) };
}

/** The results of a parsed answer, bounded and without repeated URLs. */
export function collectResults(items: unknown, fields: Parameters<typeof toSearchResult>[1], limit: number): SearchResult[] {
  if (!Array.isArray(items)) return [];
  const max = Math.min(limit, MAX_RESULTS);
  const results: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of items.slice(0, MAX_RESULTS * 5)) {
    const result = toSearchResult(item, fields);
    if (!result || seen.has(result.url)) continue;
    seen.add(result.url);
    results.push(result);
    if (results.length >= max) break;
  }
  return results;
}

function clean(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // Bounded before any regex; markup some engines leave in snippets is dropped with the tags.
  const bounded = value.slice(0, max * 4);
  const text = bounded
    .replace(/<[^<>]{0,200}>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
