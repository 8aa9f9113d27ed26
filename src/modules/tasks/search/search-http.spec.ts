import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSearchServer } from '../../../../test/support/fake-search-server';
import { CapabilityError } from '../capabilities/capability';
import { BraveSearchProvider } from './brave.provider';
import type { SearchLimits } from './search-limits';
import { SearxngProvider } from './searxng.provider';

const LIMITS: SearchLimits = { timeoutMs: 2000, maxBytes: 64 * 1024, retries: 2, backoffMs: 5 };
const RESULT = { title: 'Berlin weather', url: 'https://weather.example/berlin', snippet: 'Tomorrow: sunny, 21 °C.', date: '2026-12-03' };

async function failure(work: Promise<unknown>): Promise<CapabilityError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CapabilityError);
  return error as CapabilityError;
}

describe('SearxngProvider', () => {
  let searx: FakeSearchServer;
  beforeAll(async () => {
    searx = await FakeSearchServer.start('searxng');
    searx.results = [RESULT];
  });
  afterAll(() => searx.close());

  it('asks /search for JSON in the language and time range, and parses the answer', async () => {
    const provider = new SearxngProvider(`${searx.url}/`, LIMITS);
    const results = await provider.search('weather Berlin', { language: 'de', limit: 5, freshness: 'day' });

    expect(results).toEqual([{ title: RESULT.title, url: RESULT.url, snippet: RESULT.snippet, publishedAt: '2026-12-03T00:00:00.000Z' }]);
    const request = searx.requests.at(-1);
    expect(request?.path).toBe('/search');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ q: 'weather Berlin', format: 'json', language: 'de', time_range: 'day' });
  });

  it('retries 429 and 5xx answers with backoff, then succeeds', async () => {
    searx.script({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    const before = searx.requests.length;
    expect(await new SearxngProvider(searx.url, LIMITS).search('q', { limit: 5 })).toHaveLength(1);
    expect(searx.requests.length - before).toBe(3);
  });

  it('gives up with SEARCH_FAILED after its retries', async () => {
    searx.script({ status: 502 }, { status: 502 }, { status: 502 });
    const error = await failure(new SearxngProvider(searx.url, LIMITS).search('q', { limit: 5 }));
    expect(error.code).toBe('SEARCH_FAILED');
    expect(error.message).toBe('SearXNG: the search service answered 502.');
  });

  it.each([
    [{ status: 403, raw: '<html>Forbidden</html>', contentType: 'text/html' }, /search\.formats includes json/],
    [{ raw: '<html>results</html>', contentType: 'text/html' }, /not JSON .*enable the json format/],
    [{ raw: '{"results": [', contentType: 'application/json' }, /not valid JSON/],
    [{ raw: JSON.stringify({ results: [{ title: 'x'.repeat(70_000), url: 'https://a/' }] }) }, /larger than 65536 bytes/],
  ])('fails at once, without retrying, on %j', async (reply, message) => {
    searx.script(reply);
    const before = searx.requests.length;
    const error = await failure(new SearxngProvider(searx.url, LIMITS).search('q', { limit: 5 }));
    expect(error.code).toBe('SEARCH_FAILED');
    expect(error.message).toMatch(message);
    expect(searx.requests.length - before).toBe(1);
  });

  it('gives up on a server that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const error = await failure(new SearxngProvider(url, { ...LIMITS, timeoutMs: 100, retries: 0 }).search('q', { limit: 5 }));
      expect(error.message).toBe('SearXNG: no answer within 0.1 s.');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('fails with SEARCH_FAILED when nothing listens', async () => {
    const error = await failure(new SearxngProvider('http://127.0.0.1:9', { ...LIMITS, retries: 0 }).search('q', { limit: 5 }));
    expect(error.message).toBe('SearXNG: the search service could not be reached.');
  });
});

describe('BraveSearchProvider', () => {
  let brave: FakeSearchServer;
  beforeAll(async () => {
    brave = await FakeSearchServer.start('brave');
    brave.results = [RESULT, { ...RESULT, url: 'https://other.example/', title: 'Other' }];
  });
  afterAll(() => brave.close());

  it('sends the token, count, language and freshness, and parses web.results', async () => {
    const results = await new BraveSearchProvider(brave.url, 'token-1', LIMITS).search('weather Berlin', { language: 'en', limit: 1, freshness: 'week' });

    expect(results.map((r) => r.url)).toEqual([RESULT.url]);
    const request = brave.requests.at(-1);
    expect(request?.headers['x-subscription-token']).toBe('token-1');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ q: 'weather Berlin', count: '1', search_lang: 'en', freshness: 'pw' });
  });

  it('says the key was refused on a 401', async () => {
    brave.script({ status: 401, body: {} });
    const error = await failure(new BraveSearchProvider(brave.url, 'wrong', LIMITS).search('q', { limit: 5 }));
    expect(error.message).toMatch(/^Brave Search: the search service refused the request \(401\): check its API key/);
  });
});
