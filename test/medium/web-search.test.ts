import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSearchServer, type FakeSearchResult } from '../support/fake-search-server';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser } from '../support/users';

const QUESTION = "What's the weather in Berlin tomorrow?";

const RESULTS: FakeSearchResult[] = [
  {
    title: 'Berlin weather forecast for tomorrow',
    url: 'https://weather.example/berlin/tomorrow',
    snippet: 'Tomorrow in Berlin the weather will be sunny with a high of 21 degrees and light winds from the west.',
    date: '2026-12-02',
  },
  {
    title: 'Berlin: ten-day outlook',
    url: 'https://forecast.example/de/berlin',
    snippet: 'Rain is expected in Berlin at the weekend, after a dry and mild day tomorrow.',
  },
];

interface Citation {
  n: number;
  url?: string;
  title: string;
  snippet: string;
}
interface Complete {
  messageId: string;
  citations: Citation[];
}
interface TaskUpdate {
  capability: string;
  state: string;
  error?: unknown;
}

const answerOf = (events: SseEvent[]): string =>
  events
    .filter((e) => e.event === 'chunk')
    .map((e) => (e.data as { text: string }).text)
    .join('');
const updatesOf = (events: SseEvent[], capability: string): TaskUpdate[] =>
  events.filter((e) => e.event === 'task_update' && (e.data as TaskUpdate).capability === capability).map((e) => e.data as TaskUpdate);
const completeOf = (events: SseEvent[]): Complete => {
  const last = events.at(-1);
  expect(last?.event).toBe('complete');
  return last?.data as Complete;
};

/**
 * web_search end to end with the offline provider: "What's the weather in Berlin tomorrow?" is
 * marked for the web by the heuristic sorter, searched on a loopback server speaking SearXNG's (or
 * Brave Search's) JSON, and answered from the results, cited in `complete.citations` and on the
 * stored message. A failing provider, and no provider at all, fail the search step clearly and
 * the answer still completes.
 */
describe('web_search', () => {
  let searx: FakeSearchServer;
  let brave: FakeSearchServer;
  beforeAll(async () => {
    [searx, brave] = await Promise.all([FakeSearchServer.start('searxng'), FakeSearchServer.start('brave')]);
    searx.results = RESULTS;
    brave.results = RESULTS;
  });
  afterAll(async () => {
    await searx?.close();
    await brave?.close();
  });

  /**
   * An app (web and worker in one) with its own database and Redis prefix: apps sharing one would
   * take each other's queued turns, with another search configuration.
   */
  function appWith(overrides: () => Record<string, string>): { readonly app: RunningWebApp } {
    let env: TestEnvironment | undefined;
    let app: RunningWebApp | undefined;
    beforeAll(async () => {
      env = await TestEnvironment.create();
      app = await startWebApp(env.config({ APP_ROLE: 'all', ...overrides() }));
    });
    afterAll(async () => {
      await app?.close();
      await env?.dispose();
    });
    return {
      get app() {
        if (!app) throw new Error('the app is not started yet');
        return app;
      },
    };
  }

  let users = 0;
  async function ask(app: RunningWebApp, body: Record<string, unknown>): Promise<{ events: SseEvent[]; token: string }> {
    const { accessToken } = await registerUser(app, `searcher-${++users}@example.com`);
    const res = await app.request('/api/v1/messages/stream', { method: 'POST', token: accessToken, json: body });
    expect(res.status).toBe(200);
    return { events: await readSse(res, isTerminal), token: accessToken };
  }

  async function expectCitedAnswer(app: RunningWebApp, events: SseEvent[], token: string): Promise<void> {
    expect((events.find((e) => e.event === 'classified')?.data as { webSearch: boolean }).webSearch).toBe(true);
    const plan = events.find((e) => e.event === 'plan')?.data as { nodes: Array<{ capability: string }> };
    expect(plan.nodes.map((n) => n.capability)).toEqual(['web_search', 'chat']);
    expect(updatesOf(events, 'web_search').map((u) => u.state)).toEqual(['running', 'done']);

    const urls = RESULTS.map((r) => r.url);
    const sources = events.find((e) => e.event === 'sources')?.data as { results: Citation[] };
    expect(sources.results.map((s) => [s.n, s.url])).toEqual([
      [1, urls[0]],
      [2, urls[1]],
    ]);

    // The offline provider quotes the result that answers the question, citing its number.
    const answer = answerOf(events);
    expect(answer).toMatch(/> Berlin weather forecast for tomorrow \(2026-12-02\): Tomorrow in Berlin the weather will be sunny with a high of 21 degrees[^\n]*\[1\]/);
    expect(answer).not.toMatch(/cite the ones you use/);

    const complete = completeOf(events);
    expect(complete.citations).toEqual([
      { n: 1, url: urls[0], title: RESULTS[0]?.title, snippet: RESULTS[0]?.snippet },
      { n: 2, url: urls[1], title: RESULTS[1]?.title, snippet: RESULTS[1]?.snippet },
    ]);
    const stored = (await (await app.request(`/api/v1/messages/${complete.messageId}`, { token })).json()) as { citations: Citation[]; text: string };
    expect(stored.citations).toEqual(complete.citations);
    expect(stored.text).toBe(answer);
  }

  describe('with SearXNG', () => {
    const suite = appWith(() => ({ SEARCH_PROVIDER: 'searxng', SEARXNG_URL: searx.url }));

    it('answers from its results and cites them', async () => {
      const before = searx.requests.length;
      const { events, token } = await ask(suite.app, { message: QUESTION });

      await expectCitedAnswer(suite.app, events, token);
      const [request] = searx.requests.slice(before);
      expect(request?.path).toBe('/search');
      expect(request?.query.get('q')).toBe(QUESTION);
      expect(request?.query.get('format')).toBe('json');
      expect(request?.query.get('language')).toBe('en');
    });

    it('fails the search step with the provider error and still answers, without citations', async () => {
      searx.script({ status: 500 }, { status: 500 }, { status: 500 });
      const { events } = await ask(suite.app, { message: QUESTION });

      const failed = updatesOf(events, 'web_search').find((u) => u.state === 'failed');
      expect(JSON.stringify(failed?.error)).toContain('SearXNG: the search service answered 500.');
      expect(events.some((e) => e.event === 'plan_discarded')).toBe(true);
      expect(answerOf(events)).not.toBe('');
      expect(completeOf(events).citations).toEqual([]);
    });
  });

  describe('with Brave Search', () => {
    const suite = appWith(() => ({ SEARCH_PROVIDER: 'brave', BRAVE_SEARCH_URL: brave.url, BRAVE_SEARCH_API_KEY: 'brave-key' }));

    it('answers from its results and cites them', async () => {
      const { events, token } = await ask(suite.app, { message: QUESTION });

      await expectCitedAnswer(suite.app, events, token);
      expect(brave.requests.at(-1)?.headers['x-subscription-token']).toBe('brave-key');
    });
  });

  describe('with both, SearXNG the default', () => {
    const suite = appWith(() => ({ SEARCH_PROVIDER: 'searxng', SEARXNG_URL: searx.url, BRAVE_SEARCH_URL: brave.url, BRAVE_SEARCH_API_KEY: 'brave-key' }));

    it("searches with the provider the topic's task prompt names", async () => {
      const { accessToken: token } = await registerUser(suite.app, 'forecaster@example.com');
      const create = (settings: Record<string, unknown>): Promise<Response> =>
        suite.app.request('/api/v1/prompts', { method: 'POST', token, json: { topic: 'forecast', prompt: 'You forecast weather.', selectionRules: ['weather'], settings } });
      expect((await create({ webSearch: true, searchProvider: 'bing' })).status).toBe(400);
      const created = await create({ webSearch: true, searchProvider: 'brave' });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { settings: unknown }).settings).toEqual({ webSearch: true, searchProvider: 'brave' });

      const [searxBefore, braveBefore] = [searx.requests.length, brave.requests.length];
      const res = await suite.app.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: QUESTION } });
      const events = await readSse(res, isTerminal);

      expect((events.find((e) => e.event === 'classified')?.data as { topic: string }).topic).toBe('forecast');
      expect(completeOf(events).citations.map((c) => c.url)).toEqual(RESULTS.map((r) => r.url));
      expect(brave.requests.length - braveBefore).toBe(1);
      expect(searx.requests.length - searxBefore).toBe(0);
    });
  });

  describe('without a provider', () => {
    const suite = appWith(() => ({ SEARCH_PROVIDER: 'none' }));

    it('searches only when the client asks, and then says search is not configured', async () => {
      const automatic = await ask(suite.app, { message: QUESTION });
      expect(automatic.events.some((e) => e.event === 'plan')).toBe(false);
      expect(completeOf(automatic.events).citations).toEqual([]);

      const asked = await ask(suite.app, { message: QUESTION, webSearch: true });
      const failed = updatesOf(asked.events, 'web_search').find((u) => u.state === 'failed');
      expect(JSON.stringify(failed?.error)).toContain('Web search is not configured on this installation');
      expect(completeOf(asked.events).citations).toEqual([]);
    });
  });
});
