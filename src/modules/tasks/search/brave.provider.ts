import type { SearchFreshness, SearchOptions, SearchProvider, SearchResult } from './search-provider';
import { collectResults, MAX_RESULTS } from './search-provider';
import { getSearchJson } from './search-http';
import type { SearchLimits } from './search-limits';

const FRESHNESS: Record<SearchFreshness, string> = { day: 'pd', week: 'pw', month: 'pm', year: 'py' };

/** Brave Search's Web Search API (`GET /res/v1/web/search`, token in X-Subscription-Token). */
export class BraveSearchProvider implements SearchProvider {
  readonly name = 'Brave Search';

  constructor(
    private readonly endpoint: string,
    private readonly apiKey: string,
    private readonly limits: SearchLimits,
  ) {}

  async search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    const url = new URL(this.endpoint);
    url.searchParams.set('q', query);
    url.searchParams.set('count', String(Math.min(options.limit, MAX_RESULTS)));
    if (options.language) url.searchParams.set('search_lang', options.language);
    if (options.freshness) url.searchParams.set('freshness', FRESHNESS[options.freshness]);
    const body = await getSearchJson({ provider: this.name, url, headers: { 'x-subscription-token': this.apiKey }, signal: options.signal, ...this.limits });
    return parseBrave(body, options.limit);
  }
}

/** `{web: {results: [{title, url, description, page_age?}]}}`; anything else reads as no results. */
export function parseBrave(body: unknown, limit: number): SearchResult[] {
  const web = typeof body === 'object' && body !== null ? (body as { web?: unknown }).web : undefined;
  const results = typeof web === 'object' && web !== null ? (web as { results?: unknown }).results : undefined;
  return collectResults(results, { title: 'title', url: 'url', snippet: 'description', date: 'page_age' }, limit);
}
