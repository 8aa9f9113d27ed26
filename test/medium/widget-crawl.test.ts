import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorStore, type ScoredChunk } from '../../src/infra/vector-store/vector-store';
import type { WidgetSourceDto } from '../../src/modules/knowledge/crawl/dto/widget-source.dto';
import { Embedder } from '../../src/modules/knowledge/embedder.service';
import { RealtimeClients, subscribeToUserChannel, type RealtimeClient } from '../support/realtime-client';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

interface Answer {
  status?: number;
  headers?: OutgoingHttpHeaders;
  body: string | Buffer;
}

/** Pages larger than this are skipped by the suite's crawls. */
const MAX_PAGE_BYTES = 20_000;
const CRAWLED_WITHIN_MS = 30_000;

const html = (title: string, body: string): Answer => ({
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`,
});

/** A node http server on 127.0.0.1 answering from a table the test changes; it records what was asked of it. */
class TestSite {
  readonly hits: string[] = [];
  pages: Record<string, Answer> = {};
  private readonly server: Server = createServer((req, res) => {
    this.hits.push(req.url ?? '');
    const answer = this.pages[req.url ?? ''];
    if (!answer) return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body);
  });
  origin = '';

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/**
 * Widget knowledge from a website, end to end: a web node takes the site, a worker crawls it on
 * async_index (a local test site, allowed with OUTBOUND_ALLOW_PRIVATE_TARGETS) and indexes its
 * pages in the widget's vector group, announcing each state on the owner's user channel.
 */
describe('widget knowledge: website crawl', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let strictWeb: RunningWebApp;
  let worker: INestApplicationContext;
  let alice: Session;
  let bob: Session;
  let widgetId: string;
  let live: RealtimeClient;
  let site: TestSite;
  let elsewhere: TestSite;
  const clients = new RealtimeClients();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    site = await new TestSite().start();
    elsewhere = await new TestSite().start();
    elsewhere.pages['/'] = html('Another site', '<p>Nothing of the shop here.</p>');
    const limits = { CRAWL_MAX_PAGE_BYTES: String(MAX_PAGE_BYTES), CRAWL_TIMEOUT_S: '20' };
    // Web nodes only serve: every crawl runs on the one worker, which may reach the test site.
    web = await startWebApp(env.config({ ...limits, APP_ROLE: 'web', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true' }));
    strictWeb = await startWebApp(env.config({ ...limits, APP_ROLE: 'web', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'false' }));
    worker = await startWorkerApp(env.config({ ...limits, APP_ROLE: 'worker', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true' }));
    alice = await registerUser(web, 'alice@example.com');
    bob = await registerUser(web, 'bob@example.com');
    const created = await web.request('/api/v1/widgets', { method: 'POST', token: alice.accessToken, json: { name: 'Shop help', allowedDomains: ['shop.example.com'] } });
    expect(created.status).toBe(201);
    widgetId = ((await created.json()) as { id: string }).id;

    live = await subscribeToUserChannel(web, alice, clients);

    site.pages = {
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private\n' },
      '/': html(
        'Harbour Bikes',
        `<h1>Harbour Bikes</h1><p>We rent city bikes by the harbour.</p>
         <a href="/hours">Opening hours</a> <a href="/repairs#top">Repairs</a> <a href="/private/staff">Staff</a>
         <a href="${elsewhere.origin}/">Partner</a> <a href="/catalogue">Catalogue</a> <a href="/price-list">Prices</a> <a href="/notes">Notes</a>`,
      ),
      '/hours': html('Opening hours', '<h1>Opening hours</h1><h2>Summer</h2><p>Open daily from 8 to 20, tandem rentals until 18.</p><a href="/">Home</a>'),
      '/repairs': html('Repairs', '<h1>Repairs</h1><p>Flat tyres are fixed while you wait, for 12 euros.</p>'),
      '/private/staff': html('Staff only', '<p>The staff door code is 4711.</p>'),
      '/catalogue': html('Catalogue', `<p>${'Every bike we ever sold. '.repeat(2_000)}</p>`),
      '/price-list': { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(2_000, 1) },
      '/notes': { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Helmets are free with every rental.' },
    };
  }, 60_000);

  afterAll(async () => {
    clients.closeAll();
    site?.close();
    elsewhere?.close();
    await worker?.close();
    await strictWeb?.close();
    await web?.close();
    await env?.dispose();
  });

  const sourcesPath = (wid = widgetId) => `/api/v1/widgets/${wid}/sources`;
  const addSource = (url: string, app = web, session = alice): Promise<Response> => app.request(sourcesPath(), { method: 'POST', token: session.accessToken, json: { url } });
  const listSources = async (): Promise<WidgetSourceDto[]> => (await (await web.request(sourcesPath(), { token: alice.accessToken })).json()) as WidgetSourceDto[];
  const settled = (id: string, after: (source: WidgetSourceDto) => boolean = () => true): Promise<WidgetSourceDto> =>
    waitFor(
      async () => {
        const source = (await listSources()).find((each) => each.id === id);
        return source && (source.state === 'done' || source.state === 'failed') && after(source) ? source : null;
      },
      { timeoutMs: CRAWLED_WITHIN_MS, what: `source ${id} crawled` },
    );
  /** Everything indexed in the widget's group that is near `query`. */
  const search = async (query: string, wid = widgetId): Promise<ScoredChunk[]> => {
    const { model, vectors } = await worker.get(Embedder).embed(alice.user.id, [query]);
    return worker.get(VectorStore).search({ ownerUserId: alice.user.id, groups: [{ kind: 'widget', id: wid }], model, vector: vectors[0] ?? [], limit: 100 });
  };
  const storedPages = (sourceId: string): Promise<Array<{ url: string; title: string | null; id: string }>> =>
    env.query('SELECT id, url, title FROM widget_source_pages WHERE source_id = ? ORDER BY url', [sourceId]);
  const announced = (id: string): WidgetSourceDto[] =>
    live.publications.filter((publication) => publication.type === 'widget.source.updated' && (publication.data as WidgetSourceDto).id === id).map((publication) => publication.data as WidgetSourceDto);

  let source: WidgetSourceDto;

  it('crawls the site on the worker: same site only, robots.txt obeyed, pages too large or not HTML/text skipped, each page indexed with its URL and title', { timeout: 60_000 }, async () => {
    const response = await addSource(`${site.origin}/#welcome`);
    expect(response.status).toBe(201);
    source = (await response.json()) as WidgetSourceDto;
    expect(source).toMatchObject({ widgetId, url: `${site.origin}/`, state: 'queued', pages: 0, error: null, crawledAt: null });

    const done = await settled(source.id);
    expect(done).toMatchObject({ state: 'done', pages: 4, error: null, crawledAt: expect.any(String) });
    expect((await storedPages(source.id)).map((page) => page.url)).toEqual([`${site.origin}/`, `${site.origin}/hours`, `${site.origin}/notes`, `${site.origin}/repairs`]);

    expect(site.hits).not.toContain('/private/staff');
    expect(site.hits).toContain('/catalogue');
    expect(elsewhere.hits).toEqual([]);

    const chunks = await search('opening hours tandem');
    const urls = new Set(chunks.map((chunk) => chunk.source.url));
    expect(urls).toEqual(new Set([`${site.origin}/`, `${site.origin}/hours`, `${site.origin}/notes`, `${site.origin}/repairs`]));
    const hours = chunks.find((chunk) => chunk.source.url === `${site.origin}/hours`);
    expect(hours).toMatchObject({ group: { kind: 'widget', id: widgetId }, source: { title: 'Opening hours', section: 'Opening hours › Summer' }, text: expect.stringContaining('tandem rentals until 18') });
    expect(chunks[0]?.source.url).toBe(`${site.origin}/hours`);
    expect(chunks.some((chunk) => chunk.text.includes('4711') || chunk.text.includes('Every bike we ever sold'))).toBe(false);

    await waitFor(() => announced(source.id).some((event) => event.state === 'done'), { what: 'widget.source.updated done' });
    const states = announced(source.id).map((event) => event.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('crawling');
    expect(states.at(-1)).toBe('done');
    expect(announced(source.id).at(-1)).toEqual(done);
  });

  it('drops a page the site no longer has when crawled again, and keeps the others', { timeout: 60_000 }, async () => {
    const before = await storedPages(source.id);
    delete site.pages['/repairs'];
    const response = await web.request(`${sourcesPath()}/${source.id}/crawl`, { method: 'POST', token: alice.accessToken });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ id: source.id, state: 'queued' });

    const done = await settled(source.id, (each) => each.crawledAt !== source.crawledAt && each.crawledAt !== null);
    expect(done).toMatchObject({ state: 'done', pages: 3 });
    const after = await storedPages(source.id);
    expect(after.map((page) => page.url)).toEqual([`${site.origin}/`, `${site.origin}/hours`, `${site.origin}/notes`]);
    // A page read again keeps its id, so its chunks were replaced, not duplicated.
    expect(after.map((page) => page.id)).toEqual(before.filter((page) => !page.url.endsWith('/repairs')).map((page) => page.id));
    const chunks = await search('flat tyres repairs');
    expect(chunks.some((chunk) => chunk.source.url === `${site.origin}/repairs`)).toBe(false);
    expect(chunks.filter((chunk) => chunk.source.url === `${site.origin}/hours`)).toHaveLength(1);
    source = done;
  });

  it('keeps the pages of the last good crawl when a re-crawl can read nothing', { timeout: 60_000 }, async () => {
    const robots = site.pages['/robots.txt'];
    site.pages['/robots.txt'] = { status: 503, body: 'down for maintenance' };
    try {
      expect((await web.request(`${sourcesPath()}/${source.id}/crawl`, { method: 'POST', token: alice.accessToken })).status).toBe(202);
      const failed = await settled(source.id);
      expect(failed).toMatchObject({ state: 'failed', pages: 3, crawledAt: source.crawledAt, error: expect.stringMatching(/^ROBOTS_UNAVAILABLE: /) });
      expect(await storedPages(source.id)).toHaveLength(3);
      expect((await search('opening hours')).some((chunk) => chunk.source.url === `${site.origin}/hours`)).toBe(true);
    } finally {
      site.pages['/robots.txt'] = robots;
    }
    expect((await web.request(`${sourcesPath()}/${source.id}/crawl`, { method: 'POST', token: alice.accessToken })).status).toBe(202);
    source = await settled(source.id, (each) => each.crawledAt !== source.crawledAt);
    expect(source).toMatchObject({ state: 'done', pages: 3, error: null });
  });

  it("answers a widget visitor's question from the site, citing the page it used", { timeout: 60_000 }, async () => {
    const response = await web.request(`/api/v1/widget/${widgetId}/message`, {
      method: 'POST',
      json: { message: 'Until when can I rent a tandem in summer?', pageUrl: 'https://shop.example.com/' },
      headers: { origin: 'https://shop.example.com', 'x-widget-session': `sess_${randomBytes(24).toString('base64url')}` },
    });
    expect(response.status).toBe(200);
    const events = await readSse(response, isTerminal);
    const complete = events.at(-1);
    expect(complete?.event).toBe('complete');
    const { citations } = complete?.data as { citations: Array<{ n: number; url?: string; title: string; snippet: string }> };
    const hours = citations.find((citation) => citation.url === `${site.origin}/hours`);
    expect(hours).toMatchObject({ title: 'Opening hours', snippet: expect.stringContaining('tandem rentals until 18') });
    expect(events.some((event) => event.event === 'sources')).toBe(true);
    const answer = events.flatMap((event) => (event.event === 'chunk' ? [(event.data as { text: string }).text] : [])).join('');
    expect(answer).toContain('18');
    expect(answer).toContain(`[${hours?.n}]`);
  });

  it('refuses addresses that are not public (private targets not allowed), non-http URLs, a duplicate, and other users', async () => {
    const refused = await addSource(`${site.origin}/`, strictWeb);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'URL_NOT_ALLOWED', message: expect.stringContaining('127.0.0.1 is a loopback address') } });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'ftp://example.com/', 'not a url', 'http://user:pw@example.com/']) {
      const response = await addSource(url);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('URL_NOT_ALLOWED');
    }
    expect((await addSource(`${site.origin}/`)).status).toBe(409);
    expect((await addSource(`${site.origin}/`, web, bob)).status).toBe(404);
    expect((await web.request(sourcesPath(), { token: bob.accessToken })).status).toBe(404);
    expect((await web.request(`${sourcesPath()}/${source.id}`, { method: 'DELETE', token: bob.accessToken })).status).toBe(404);
    expect((await web.request(`${sourcesPath()}/${source.id}/crawl`, { method: 'POST', token: bob.accessToken })).status).toBe(404);
    expect((await web.request(sourcesPath(), { method: 'POST', json: { url: `${site.origin}/` } })).status).toBe(401);
    expect((await listSources()).map((each) => each.id)).toEqual([source.id]);
  });

  it('fails a source when nothing of the site can be read, saying why', { timeout: 60_000 }, async () => {
    const response = await addSource(`${site.origin}/private/staff`);
    expect(response.status).toBe(201);
    const refused = (await response.json()) as WidgetSourceDto;
    expect(await settled(refused.id)).toMatchObject({ state: 'failed', pages: 0, error: expect.stringMatching(/^ROBOTS_DISALLOWED: /) });
    expect(site.hits).not.toContain('/private/staff');
    expect((await web.request(`${sourcesPath()}/${refused.id}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(204);
  });

  it('removes the source with all its pages from the index', async () => {
    expect((await search('opening hours')).length).toBeGreaterThan(0);
    const response = await web.request(`${sourcesPath()}/${source.id}`, { method: 'DELETE', token: alice.accessToken });
    expect(response.status).toBe(204);
    expect(await search('opening hours')).toEqual([]);
    expect(await storedPages(source.id)).toEqual([]);
    expect(await listSources()).toEqual([]);
    expect((await web.request(`${sourcesPath()}/${source.id}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(404);
  });

  it("deletes a widget's knowledge with the widget", { timeout: 60_000 }, async () => {
    const created = await web.request('/api/v1/widgets', { method: 'POST', token: alice.accessToken, json: { name: 'Second', allowedDomains: ['shop.example.com'] } });
    const second = ((await created.json()) as { id: string }).id;
    const added = await web.request(sourcesPath(second), { method: 'POST', token: alice.accessToken, json: { url: `${site.origin}/hours` } });
    expect(added.status).toBe(201);
    const id = ((await added.json()) as WidgetSourceDto).id;
    await waitFor(async () => ((await (await web.request(sourcesPath(second), { token: alice.accessToken })).json()) as WidgetSourceDto[])[0]?.state === 'done', {
      timeoutMs: CRAWLED_WITHIN_MS,
      what: 'second widget crawled',
    });
    expect((await search('opening hours', second)).length).toBeGreaterThan(0);

    expect((await web.request(`/api/v1/widgets/${second}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(204);
    expect(await search('opening hours', second)).toEqual([]);
    expect(await env.query('SELECT id FROM widget_sources WHERE id = ?', [id])).toEqual([]);
  });
});
