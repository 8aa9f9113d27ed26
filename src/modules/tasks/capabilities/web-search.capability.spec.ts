import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../config/app-config';
import type { SearchOptions, SearchProvider, SearchResult } from '../search/search-provider';
import { WebSearch } from '../search/web-search.service';
import { CapabilityError, type NodeRun } from './capability';
import { describeResults, searchQuery, WebSearchCapability } from './web-search.capability';
import { NO_KNOWLEDGE } from './capability';

const RESULTS: SearchResult[] = [
  { title: 'Berlin weather', url: 'https://weather.example/berlin', snippet: 'Tomorrow: sunny, 21 °C.', publishedAt: '2026-12-03T00:00:00.000Z' },
  { title: 'Forecast', url: 'https://forecast.example/', snippet: '' },
];

class FakeProvider implements SearchProvider {
  readonly name = 'Fake';
  readonly calls: Array<{ query: string; options: SearchOptions }> = [];
  search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    this.calls.push({ query, options });
    return Promise.resolve(RESULTS.slice(0, options.limit));
  }
}

function webSearch(provider: 'searxng' | 'brave' | 'none', fake = new FakeProvider()): WebSearch {
  const config = { search: { provider, searxngUrl: 'http://127.0.0.1:1', braveApiKey: undefined, braveUrl: 'http://127.0.0.1:2/' } } as unknown as AppConfig;
  const web = new WebSearch(config);
  // The configured SearXNG, answering from the fake.
  (web as unknown as { providers: Map<string, SearchProvider> }).providers.set('searxng', fake);
  return web;
}

function nodeRun(query: string, params: Record<string, unknown> = {}): NodeRun {
  return {
    nodeId: 'n1',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'de',
    request: 'What is the weather in Berlin tomorrow?',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: query, values: { query }, files: [], fromSteps: false },
    params,
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
  };
}

async function rejection(work: Promise<unknown>): Promise<CapabilityError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CapabilityError);
  return error as CapabilityError;
}

describe('WebSearchCapability', () => {
  it('searches with the step query and language, and returns numbered sources with matching citations', async () => {
    const fake = new FakeProvider();
    const result = await new WebSearchCapability(webSearch('searxng', fake)).run(nodeRun('  weather\n Berlin  ', { freshness: 'day', limit: 2 }));

    expect(fake.calls).toEqual([{ query: 'weather Berlin', options: expect.objectContaining({ language: 'de', limit: 2, freshness: 'day' }) as SearchOptions }]);
    expect(result.text).toBe(
      'Web search results from Fake (cite the ones you use as [n]):\n' +
        '[1] Berlin weather (2026-12-03): Tomorrow: sunny, 21 °C. <https://weather.example/berlin>\n' +
        '[2] Forecast: no excerpt <https://forecast.example/>',
    );
    expect(result.citations).toEqual([
      { n: 1, url: 'https://weather.example/berlin', title: 'Berlin weather', snippet: 'Tomorrow: sunny, 21 °C.' },
      { n: 2, url: 'https://forecast.example/', title: 'Forecast', snippet: '' },
    ]);
  });

  it('ignores params that are not valid and uses five results by default', async () => {
    const fake = new FakeProvider();
    await new WebSearchCapability(webSearch('searxng', fake)).run(nodeRun('q', { freshness: 'forever', limit: -3 }));
    expect(fake.calls[0]?.options).toEqual(expect.objectContaining({ limit: 5, freshness: undefined }) as SearchOptions);
  });

  it('fails with SEARCH_UNAVAILABLE when no provider is configured, or the one asked for is not', async () => {
    const none = await rejection(new WebSearchCapability(webSearch('none')).run(nodeRun('q')));
    expect(none.code).toBe('SEARCH_UNAVAILABLE');
    expect(none.message).toBe('Web search is not configured on this installation (SEARCH_PROVIDER is none).');

    const brave = await rejection(new WebSearchCapability(webSearch('searxng')).run(nodeRun('q', { provider: 'brave' })));
    expect(brave.message).toBe('The search provider "brave" is not configured on this installation.');
  });

  it('lets a step name another configured provider than the default', async () => {
    const fake = new FakeProvider();
    await new WebSearchCapability(webSearch('none', fake)).run(nodeRun('q', { provider: 'searxng' }));
    expect(fake.calls).toHaveLength(1);
  });

  it('fails with NO_INPUT when there is nothing to search for', async () => {
    const run = { ...nodeRun('   '), request: '' };
    expect((await rejection(new WebSearchCapability(webSearch('searxng')).run(run))).code).toBe('NO_INPUT');
  });
});

describe('searchQuery', () => {
  it('is one bounded line', () => {
    expect(searchQuery(`a\n\tb ${'x'.repeat(100_000)}`).length).toBeLessThanOrEqual(300);
    expect(searchQuery('a\n\tb')).toBe('a b');
  });
});

describe('describeResults', () => {
  it('says when nothing was found', () => {
    expect(describeResults('q', 'SearXNG', [])).toBe('Web search (SearXNG) found no results for "q".');
  });
});

describe('WebSearch', () => {
  it('is available with a default provider, or for a configured one named', () => {
    expect(webSearch('searxng').available()).toBe(true);
    expect(webSearch('none').available()).toBe(false);
    expect(webSearch('none').available('searxng')).toBe(true);
    expect(webSearch('searxng').available('brave')).toBe(false);
  });
});
