import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser } from '../support/users';

const ARTICLE = `<!doctype html><html><head><title>The Harbour Report</title><script>var tracking = "SCRIPT-NOISE";</script></head>
<body><nav>Home | News | NAV-NOISE</nav>
<article><h1>The Harbour Report</h1>
<p>The harbour of Lindenport handled 4.2 million containers last year.</p>
<p>A new crane terminal opens on the northern pier in March.</p>
<p>Ferries to the islands will run every thirty minutes during the summer.</p></article>
<footer>FOOTER-NOISE</footer></body></html>`;

/**
 * url_fetch end to end, offline: a chat message naming a page on a loopback server is planned as
 * url_fetch → summarize, the page is read through the SSRF guard and the answer is made from its
 * text. The same message on an app that does not allow private targets fails the url_fetch step
 * (URL_NOT_ALLOWED, said as a loopback refusal), and the page server never hears from it.
 */
describe('url_fetch', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let site: Server;
  let requests: string[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create();
    site = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    });
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    app = await startWebApp(env.config({ APP_ROLE: 'all', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true' }));
  });
  afterAll(async () => {
    await app?.close();
    site?.closeAllConnections();
    site?.close();
    await env?.dispose();
  });

  const articleUrl = () => `http://127.0.0.1:${(site.address() as AddressInfo).port}/article`;

  async function ask(on: RunningWebApp, email: string, message: string): Promise<SseEvent[]> {
    const { accessToken } = await registerUser(on, email);
    const res = await on.request('/api/v1/messages/stream', { method: 'POST', token: accessToken, json: { message } });
    expect(res.status).toBe(200);
    return readSse(res, isTerminal);
  }

  const updatesOf = (events: SseEvent[], capability: string) =>
    events.filter((e) => e.event === 'task_update' && (e.data as { capability: string }).capability === capability).map((e) => e.data as { state: string; error?: string });

  it('answers "Summarize <url>" from the page it reads', async () => {
    requests = [];
    const events = await ask(app, 'reader@example.com', `Summarize ${articleUrl()}`);

    const plan = events.find((e) => e.event === 'plan')?.data as { nodes: Array<{ nodeId: string; capability: string }> };
    expect(plan.nodes.map((n) => n.capability)).toEqual(expect.arrayContaining(['url_fetch', 'summarize']));
    expect(updatesOf(events, 'url_fetch').map((u) => u.state)).toContain('done');
    expect(requests).toEqual(['/article']);

    // The summarize step's text is made from the page (its title and sentences), not from its script, navigation or footer.
    const summarizeNode = plan.nodes.find((n) => n.capability === 'summarize')?.nodeId;
    const summary = events
      .filter((e) => e.event === 'task_chunk' && (e.data as { nodeId: string }).nodeId === summarizeNode)
      .map((e) => (e.data as { chunk: string }).chunk)
      .join('');
    expect(summary).toContain('The Harbour Report');
    expect(summary).toMatch(/Lindenport handled 4\.2 million containers|crane terminal|thirty minutes/);
    for (const noise of ['SCRIPT-NOISE', 'NAV-NOISE', 'FOOTER-NOISE']) expect(summary).not.toContain(noise);
    // The page is the answer's cited source.
    const complete = events.at(-1);
    expect(complete?.event).toBe('complete');
    expect((complete?.data as { citations: unknown[] }).citations).toEqual([expect.objectContaining({ n: 1, url: articleUrl(), title: 'The Harbour Report' })]);
  });

  it('fails the url_fetch step with URL_NOT_ALLOWED where private targets are not allowed', async () => {
    requests = [];
    const strict = await startWebApp(env.config({ APP_ROLE: 'all', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'false' }));
    try {
      const events = await ask(strict, 'strict@example.com', `Summarize ${articleUrl()}`);
      // task_update carries the step's readable error (its code, URL_NOT_ALLOWED, is the capability's: see its spec).
      const failed = updatesOf(events, 'url_fetch').find((u) => u.state === 'failed');
      expect(failed?.error).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/article could not be read: 127\.0\.0\.1 is a loopback address/);
      expect(requests).toEqual([]);
      expect(isTerminal(events.at(-1) as SseEvent)).toBe(true);
    } finally {
      await strict.close();
    }
  });
});
