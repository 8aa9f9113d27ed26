import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSearchResult {
  title: string;
  url: string;
  snippet: string;
  /** ISO date, given as SearXNG's `publishedDate` or Brave's `page_age`. */
  date?: string;
}

export interface RecordedSearch {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** A scripted answer, used once by the next request: a status, a JSON body or a raw one. */
export interface ScriptedSearchReply {
  status?: number;
  body?: unknown;
  /** Sent as is instead of `body` (garbage, HTML). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const PATHS = { searxng: '/search', brave: '/res/v1/web/search' } as const;

/**
 * A search API on 127.0.0.1 speaking SearXNG's JSON (`GET /search?format=json`; 403 without the
 * json format, as an instance whose settings do not enable it answers) or Brave Search's (`GET
 * /res/v1/web/search`; 401 without X-Subscription-Token). It answers with `results` unless a reply
 * was scripted, and records every request.
 *
 *   const searx = await FakeSearchServer.start('searxng');
 *   searx.results = [{ title: 'Berlin weather', url: 'https://weather.example/berlin', snippet: '…' }];
 *   searx.script({ status: 503 });          // the next request fails once
 */
export class FakeSearchServer {
  readonly requests: RecordedSearch[] = [];
  results: FakeSearchResult[] = [];
  private readonly scripted: ScriptedSearchReply[] = [];
  private readonly server: Server;

  private constructor(readonly flavour: keyof typeof PATHS) {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      this.requests.push({ path: url.pathname, query: url.searchParams, headers: request.headers });
      const reply = this.scripted.shift() ?? this.answer(url, request.headers);
      const body = reply.raw ?? JSON.stringify(reply.body ?? {});
      response.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', ...reply.headers }).end(body);
    });
  }

  static async start(flavour: keyof typeof PATHS): Promise<FakeSearchServer> {
    const fake = new FakeSearchServer(flavour);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** SEARXNG_URL, or BRAVE_SEARCH_URL (the endpoint itself). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return this.flavour === 'searxng' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}${PATHS.brave}`;
  }

  script(...replies: ScriptedSearchReply[]): void {
    this.scripted.push(...replies);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(url: URL, headers: IncomingHttpHeaders): ScriptedSearchReply {
    if (url.pathname !== PATHS[this.flavour]) return { status: 404, body: { error: 'not found' } };
    const q = url.searchParams.get('q') ?? '';
    if (this.flavour === 'searxng') {
      if (url.searchParams.get('format') !== 'json') return { status: 403, raw: '<html>Forbidden</html>', contentType: 'text/html' };
      const results = this.results.map((r) => ({ url: r.url, title: r.title, content: r.snippet, engine: 'fake', score: 1, category: 'general', ...(r.date ? { publishedDate: r.date } : {}) }));
      return { body: { query: q, number_of_results: results.length, results, answers: [], corrections: [], infoboxes: [], suggestions: [], unresponsive_engines: [] } };
    }
    if (!headers['x-subscription-token']) return { status: 401, body: { type: 'ErrorResponse', error: { code: 'SUBSCRIPTION_TOKEN_INVALID', status: 401 } } };
    const results = this.results.map((r) => ({ type: 'search_result', title: r.title, url: r.url, description: r.snippet, ...(r.date ? { page_age: r.date } : {}) }));
    return { body: { type: 'search', query: { original: q }, web: { type: 'search', results } } };
  }
}
