import type { OutgoingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loopbackServerPerTest } from '../../../infra/http/testing/loopback-server';
import { crawlSite, type CrawlEvent, type CrawlOptions } from './site-crawler';

interface Answer {
  status?: number;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
}

const html = (body: string, title = 'Page'): Answer => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>` });

const OPTIONS: CrawlOptions = { maxPages: 50, maxPageBytes: 10_000, maxTotalBytes: 1_000_000, maxDepth: 5, timeoutMs: 10_000, allowPrivate: true };

describe('crawlSite', () => {
  const { hits, serve, close } = loopbackServerPerTest();

  /** A site on 127.0.0.1 answering from a table; anything else is 404. */
  async function site(pages: (origin: string) => Record<string, Answer>): Promise<string> {
    let table: Record<string, Answer> = {};
    const { origin } = await serve((req, res) => {
      const answer = table[req.url ?? ''];
      if (!answer) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'text/html' }).end(answer.body ?? '');
    });
    table = pages(origin);
    return origin;
  }

  async function crawl(start: string, options: Partial<CrawlOptions> = {}): Promise<CrawlEvent[]> {
    const events: CrawlEvent[] = [];
    for await (const event of crawlSite(new URL(start), { ...OPTIONS, ...options })) events.push(event);
    return events;
  }
  const pageUrls = (events: CrawlEvent[]): string[] => events.flatMap((event) => (event.kind === 'page' ? [event.page.url] : []));
  const failures = (events: CrawlEvent[]): string[] => events.flatMap((event) => (event.kind === 'failure' ? [`${event.failure.code} ${new URL(event.failure.url).pathname}`] : []));

  it('reads the site breadth-first, same site only, obeying robots.txt, and skips what is no page', async () => {
    const origin = await site((origin) => ({
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private\n' },
      '/': html(`<h1>Home</h1><p>Welcome.</p><a href="/a">A</a> <a href="/private/x">secret</a> <a href="http://localhost:1/elsewhere">off</a> <a href="${origin}/b#part">B</a> <a href="/file.pdf">pdf</a> <a href="/data">data</a>`, 'Home'),
      '/a': html('<p>Page A.</p><a href="/a/deeper">deeper</a><a href="/">home</a>', 'A'),
      '/b': { headers: { 'content-type': 'text/plain' }, body: 'Plain page B.' },
      '/a/deeper': html('<p>Deep.</p>'),
      '/private/x': html('<p>Never read.</p>'),
      '/data': { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(100) },
    }));
    const events = await crawl(`${origin}/`);

    expect(pageUrls(events)).toEqual([`${origin}/`, `${origin}/a`, `${origin}/b`, `${origin}/a/deeper`]);
    const home = events[0]?.kind === 'page' ? events[0].page : null;
    expect(home).toMatchObject({ title: 'Home', document: { sections: [{ headings: ['Home'], text: expect.stringContaining('Welcome.') }] } });
    expect(hits).not.toContain('/private/x');
    expect(hits).not.toContain('/file.pdf');
    expect(hits.filter((hit) => hit === '/robots.txt')).toHaveLength(1);
    expect(failures(events)).toEqual([]);
  });

  it('skips a page past maxPageBytes and one that fails, counting both, and keeps going', async () => {
    const origin = await site(() => ({
      '/': html('<p>Start.</p><a href="/big">big</a><a href="/broken">broken</a><a href="/missing">missing</a><a href="/fine">fine</a>'),
      '/big': html(`<p>${'x'.repeat(20_000)}</p>`),
      '/broken': { status: 500, body: 'oops' },
      '/fine': html('<p>Fine.</p>'),
    }));
    const events = await crawl(`${origin}/`);
    expect(pageUrls(events)).toEqual([`${origin}/`, `${origin}/fine`]);
    expect(failures(events)).toEqual(['TOO_LARGE /big', 'HTTP_ERROR /broken', 'HTTP_ERROR /missing']);
  });

  it('follows redirects within the site only, and adopts where the start address moved', async () => {
    const origin = await site((origin) => ({
      '/': { status: 301, headers: { location: '/home' } },
      '/home': html('<a href="/moved">moved</a><a href="/away">away</a><p>Home.</p>'),
      '/moved': { status: 302, headers: { location: `${origin}/target` } },
      '/away': { status: 302, headers: { location: 'http://localhost:9/outside' } },
      '/target': html('<p>Target.</p>'),
    }));
    expect(pageUrls(await crawl(`${origin}/`))).toEqual([`${origin}/home`, `${origin}/target`]);
    expect(hits).not.toContain('/outside');
  });

  it('stops at maxPages, maxDepth and maxTotalBytes', async () => {
    const origin = await site(() => ({
      '/': html('<p>0</p><a href="/1">1</a><a href="/2">2</a><a href="/3">3</a>'),
      '/1': html('<p>1</p><a href="/1/1">deeper</a>'),
      '/2': html('<p>2</p>'),
      '/3': html('<p>3</p>'),
      '/1/1': html('<p>deeper</p>'),
    }));
    expect(pageUrls(await crawl(`${origin}/`, { maxPages: 2 }))).toEqual([`${origin}/`, `${origin}/1`]);
    expect(pageUrls(await crawl(`${origin}/`, { maxDepth: 0 }))).toEqual([`${origin}/`]);
    expect(pageUrls(await crawl(`${origin}/`, { maxDepth: 1 }))).toHaveLength(4);
    expect(pageUrls(await crawl(`${origin}/`, { maxTotalBytes: 1 }))).toEqual([`${origin}/`]);
  });

  it('fails the start page that robots.txt forbids, and reads nothing when robots.txt cannot be read', async () => {
    let origin = await site(() => ({ '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: SwitchboardBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n' }, '/': html('<p>x</p>') }));
    expect(failures(await crawl(`${origin}/`))).toEqual(['ROBOTS_DISALLOWED /']);
    expect(hits).toEqual(['/robots.txt']);
    await close();

    origin = await site(() => ({ '/robots.txt': { status: 503 }, '/': html('<p>x</p>') }));
    const events = await crawl(`${origin}/`);
    expect(failures(events)).toEqual(['ROBOTS_UNAVAILABLE /robots.txt']);
    expect(hits).toEqual(['/robots.txt']);
  });

  it('waits Crawl-delay between requests', async () => {
    const origin = await site(() => ({
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nCrawl-delay: 0.3\n' },
      '/': html('<p>0</p><a href="/1">1</a>'),
      '/1': html('<p>1</p>'),
    }));
    const started = performance.now();
    expect(pageUrls(await crawl(`${origin}/`))).toHaveLength(2);
    // robots.txt, then two pages, each 0.3 s after the request before.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('ends at its deadline with what it read', async () => {
    const { origin } = await serve((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Start.</p><a href="/slow">slow</a>');
      else if (req.url === '/robots.txt') res.writeHead(404).end();
      // /slow never answers.
    });
    const started = performance.now();
    const events = await crawl(`${origin}/`, { timeoutMs: 700 });
    expect(pageUrls(events)).toEqual([`${origin}/`]);
    expect(failures(events)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('refuses a private address unless allowed, as every outbound request does', async () => {
    const origin = await site(() => ({ '/': html('<p>x</p>') }));
    expect(failures(await crawl(`${origin}/`, { allowPrivate: false }))).toEqual(['ROBOTS_UNAVAILABLE /robots.txt']);
    expect(hits).toEqual([]);
  });
});
