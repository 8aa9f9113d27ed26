import type { RequestListener } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../config/app-config';
import type { SafeResponse } from '../../../infra/http/safe-fetch/safe-fetch';
import { loopbackServerPerTest } from '../../../infra/http/testing/loopback-server';
import { CapabilityError, type NodeRun } from './capability';
import { recordedNodeRun } from './testing/node-run';
import { citationOf, describePage, readPage, UrlFetchCapability } from './url-fetch.capability';

const ARTICLE = `<!doctype html><html><head><title>Tides &amp; Moons</title><style>body { color: red }</style>
<script>window.track = "SCRIPT-TEXT"</script></head>
<body><nav><a href="/">Home</a> NAV-TEXT</nav>
<article><h1>Why tides happen</h1><p>The <a href="/moon">Moon</a> pulls the oceans twice a day.</p></article>
<footer>FOOTER-TEXT</footer></body></html>`;

function response(body: string | Buffer, contentType: string | undefined, extra: Partial<SafeResponse> = {}): SafeResponse {
  return {
    status: 200,
    headers: contentType ? { 'content-type': contentType } : {},
    url: 'https://example.com/a',
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    contentType: contentType?.split(';')[0] ?? null,
    truncated: false,
    ...extra,
  };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof CapabilityError ? error.code : 'not a CapabilityError';
  }
  return undefined;
}

describe('readPage', () => {
  it('reads HTML as its text, without scripts, styles, navigation or footer, and with its title', () => {
    const page = readPage(response(ARTICLE, 'text/html; charset=utf-8'));
    expect(page.title).toBe('Tides & Moons');
    expect(page.text).toContain('WHY TIDES HAPPEN');
    expect(page.text).toContain('The Moon pulls the oceans twice a day.');
    for (const hidden of ['SCRIPT-TEXT', 'NAV-TEXT', 'FOOTER-TEXT', 'color: red', '/moon']) expect(page.text).not.toContain(hidden);
  });

  it('takes plain text and JSON as they are, in the charset the server names', () => {
    expect(readPage(response('just text', 'text/plain'))).toMatchObject({ title: null, text: 'just text' });
    expect(readPage(response(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset=ISO-8859-1')).text).toBe('café');
    expect(readPage(response('{"a":1}', 'application/json')).text).toBe('{"a":1}');
    expect(readPage(response('no type given', undefined)).text).toBe('no type given');
  });

  it('refuses what is not a page, an error answer and pathologically nested markup, with clear codes', () => {
    expect(codeOf(() => readPage(response('%PDF-1.7', 'application/pdf')))).toBe('URL_UNSUPPORTED_TYPE');
    expect(codeOf(() => readPage(response('png', 'image/png')))).toBe('URL_UNSUPPORTED_TYPE');
    expect(codeOf(() => readPage(response('gone', 'text/html', { status: 404 })))).toBe('URL_FETCH_FAILED');
    expect(codeOf(() => readPage(response(`${'<div>'.repeat(300)}deep`, 'text/html')))).toBe('URL_UNREADABLE');
    const gzipped = response('\x1f\x8b', 'text/html');
    expect(codeOf(() => readPage({ ...gzipped, headers: { ...gzipped.headers, 'content-encoding': 'gzip' } }))).toBe('URL_UNREADABLE');
  });

  it('cuts long text and says so', () => {
    const page = readPage(response('word '.repeat(10_000), 'text/plain'));
    expect(page.text.length).toBe(20_000);
    expect(page.truncated).toBe(true);
    expect(describePage(page)).toMatch(/only its beginning was read\.\]$/);
  });

  it('heads the text with the title and address as source [1], for the answer to cite', () => {
    expect(describePage({ url: 'https://example.com/a', title: 'Tides', text: 'Body.', truncated: false })).toBe('[1] Web page "Tides" <https://example.com/a>:\nBody.');
    expect(describePage({ url: 'https://example.com/b', title: null, text: '', truncated: false })).toBe('[1] Web page <https://example.com/b>:\n(The page has no readable text.)');
  });

  it('describes the page as citation 1: title (or address), address and the start of its text', () => {
    expect(citationOf({ url: 'https://example.com/a', title: 'Tides', text: 'Body\n\ntext.', truncated: false })).toEqual({ n: 1, url: 'https://example.com/a', title: 'Tides', snippet: 'Body text.' });
    const long = citationOf({ url: 'https://example.com/b', title: null, text: 'word '.repeat(100), truncated: false });
    expect(long).toMatchObject({ title: 'https://example.com/b' });
    expect(long.snippet).toHaveLength(240);
    expect(long.snippet.endsWith('…')).toBe(true);
  });
});

describe('UrlFetchCapability', () => {
  const loopback = loopbackServerPerTest();
  const serve = async (listener: RequestListener): Promise<string> => (await loopback.serve(listener)).origin;

  const capability = (allowPrivateTargets: boolean) => new UrlFetchCapability({ outbound: { allowPrivateTargets } } as AppConfig);

  const nodeRun = (url: string): NodeRun => recordedNodeRun({ request: `Summarize ${url}`, inputs: { text: url, values: { url }, files: [], fromSteps: false } });

  it('is a text capability named url_fetch', () => {
    expect(capability(true)).toMatchObject({ name: 'url_fetch', kind: 'text' });
  });

  it('fetches the page named in its input, following a redirect, and returns its text under its title and final address', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/old') return res.writeHead(301, { location: '/article' }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    });
    const result = await capability(true).run(nodeRun(`${origin}/old`));
    expect(result.text).toMatch(/^\[1\] Web page "Tides & Moons" <http:\/\/127\.0\.0\.1:\d+\/article>:\n/);
    expect(result.text).toContain('The Moon pulls the oceans twice a day.');
    expect(result.citations).toEqual([{ n: 1, url: `${origin}/article`, title: 'Tides & Moons', snippet: expect.stringContaining('The Moon pulls') }]);
  });

  it('fails with URL_NOT_ALLOWED, without connecting, when private targets are not allowed', async () => {
    const origin = await serve((_req, res) => res.end('secret'));
    await expect(capability(false).run(nodeRun(`${origin}/article`))).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED', message: expect.stringContaining('loopback') });
    await expect(capability(true).run(nodeRun('http://169.254.169.254/latest/meta-data/'))).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(loopback.hits).toEqual([]);
  });

  it('names a bad address, a too large page and a missing input with their own codes', async () => {
    const origin = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(3 * 1024 * 1024) }).end());
    await expect(capability(true).run(nodeRun(`${origin}/huge`))).rejects.toMatchObject({ code: 'URL_TOO_LARGE' });
    await expect(capability(true).run(nodeRun('ftp://example.com/file'))).rejects.toMatchObject({ code: 'URL_INVALID' });
    await expect(capability(true).run(nodeRun('  '))).rejects.toMatchObject({ code: 'NO_INPUT' });
  });
});
