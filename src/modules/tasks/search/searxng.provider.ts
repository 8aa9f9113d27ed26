import type { SearchFreshness, SearchOptions, SearchProvider, SearchResult } from './search-provider';
import { collectResults } from './search-provider';
import { getSearchJson } from './search-http';
import type { SearchLimits } from './search-limits';

const TIME_RANGE: Record<SearchFreshness, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };

/**
 * SearXNG's JSON API (`GET /search?q=…&format=json`), which an instance serves only when its
 * settings list `json` under `search.formats` (docker/searxng/settings.yml does).
 */
export class SearxngProvider implements SearchProvider {
  readonly name = 'SearXNG';

  constructor(
    private readonly baseUrl: string,
    private readonly limits: SearchLimits,
  ) {}

  async search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    const url = new URL('search', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('q', query);
    url.searchParams.set('format', 'json');
    if (options.language) url.searchParams.set('language', options.language);
    if (options.freshness) url.searchParams.set('time_range', TIME_RANGE[options.freshness]);
    const body = await getSearchJson({ provider: this.name, url, signal: options.signal, ...this.limits });
    return parseSearxng(body, options.limit);
  }
}

/** `{results: [{title, url, content, publishedDate?}]}`; anything else reads as no results. */
export function parseSearxng(body: unknown, limit: number): SearchResult[] {
  const results = typeof body === 'object' && body !== null ? (body as { results?: unknown }).results : undefined;
  return collectResults(results, { title: 'title', url: 'url', snippet: 'content', date: 'publishedDate' }, limit);
}
