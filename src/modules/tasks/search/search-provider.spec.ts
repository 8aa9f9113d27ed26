import { describe, expect, it } from 'vitest';
import { parseBrave } from './brave.provider';
import { MAX_RESULTS, MAX_SNIPPET_CHARS, MAX_TITLE_CHARS } from './search-provider';
import { parseSearxng } from './searxng.provider';

const searxng = (results: unknown): unknown => ({ query: 'q', results });
const brave = (results: unknown): unknown => ({ type: 'search', web: { results } });

describe.each([
  { name: 'SearXNG', parse: parseSearxng, wrap: searxng, snippet: 'content', date: 'publishedDate' },
  { name: 'Brave Search', parse: parseBrave, wrap: brave, snippet: 'description', date: 'page_age' },
])('$name answers', ({ parse, wrap, snippet, date }) => {
  const item = (fields: Record<string, unknown>): Record<string, unknown> => ({ title: 'Berlin weather', url: 'https://weather.example/berlin', [snippet]: 'Sunny, 21 °C.', ...fields });

  it('become results with title, URL, snippet and a normalised date', () => {
    expect(parse(wrap([item({ [date]: '2026-12-03T06:00:00' })]), 5)).toEqual([
      { title: 'Berlin weather', url: 'https://weather.example/berlin', snippet: 'Sunny, 21 °C.', publishedAt: new Date('2026-12-03T06:00:00').toISOString() },
    ]);
  });

  it.each([null, 42, 'results', [], {}, { results: 'x' }, { web: [] }, { web: { results: {} } }])('read as no results when the body is %j', (body) => {
    expect(parse(body, 5)).toEqual([]);
  });

  it('skip items that are not objects or have no usable URL', () => {
    const items = [null, 7, 'x', [], item({ url: 42 }), item({ url: 'javascript:alert(1)' }), item({ url: 'not a url' }), item({ url: 'ftp://host/file' }), item({ url: 'https://ok.example/' })];
    expect(parse(wrap(items), 10).map((r) => r.url)).toEqual(['https://ok.example/']);
  });

  it('use the URL as title when the title is missing, and an empty snippet when it is', () => {
    expect(parse(wrap([{ url: 'https://a.example/page' }]), 5)).toEqual([{ title: 'https://a.example/page', url: 'https://a.example/page', snippet: '' }]);
  });

  it('drop dates that do not parse', () => {
    expect(parse(wrap([item({ [date]: 'last tuesday-ish' })]), 5)[0]).not.toHaveProperty('publishedAt');
  });

  it('bound huge fields, strip markup and collapse whitespace', () => {
    const [result] = parse(wrap([item({ title: `<b>Big</b>\n\n${'t'.repeat(100_000)}`, [snippet]: 's '.repeat(500_000) })]), 5);
    expect(result?.title.startsWith('Big t')).toBe(true);
    expect(result?.title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(result?.snippet.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS);
    expect(parse(wrap([item({ url: `https://a.example/${'p'.repeat(10_000)}` })]), 5)).toEqual([]);
  });

  it('keep each URL once and stop at the limit (never more than MAX_RESULTS)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => item({ url: `https://a.example/${i % 40}` }));
    expect(parse(wrap(many), 3).map((r) => r.url)).toEqual(['https://a.example/0', 'https://a.example/1', 'https://a.example/2']);
    expect(parse(wrap(many), 500)).toHaveLength(MAX_RESULTS);
  });
});
