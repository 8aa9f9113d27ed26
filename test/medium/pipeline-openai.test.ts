import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';

/** The pipeline against an OpenAI-compatible server speaking the real streaming wire format. */
describe('message pipeline, OpenAI-compatible provider', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({ defaultReply: pipelineReply });
    app = await startWebApp(
      env.config({ APP_ROLE: 'all', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' }),
    );
    token = (await registerUser(app, 'o@example.com')).accessToken;
    // Memory extraction runs on the offline heuristics: otherwise its own model call, made while a
    // turn is answered, could take a reply scripted for that turn or the next.
    const bound = await app.request('/api/v1/settings/models', { method: 'PUT', token, json: { scope: 'user', bindings: { MEM: 'offline:basic' } } });
    expect(bound.status).toBe(200);
  });
  afterEach(() => openai.reset());
  afterAll(async () => {
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const send = async (message: string, extra: Record<string, unknown> = {}): Promise<SseEvent[]> =>
    readSse(await app.request('/api/v1/messages/stream', { method: 'POST', token, json: { message, ...extra } }), isTerminal);
  const answerText = (events: SseEvent[]): string => events.filter((e) => e.event === 'chunk').map((e) => (e.data as { text: string }).text).join('');

  it('streams the model\'s chunks as the answer, with provider, model and usage', async () => {
    const events = await send('Hello there, how are you?');
    expect(events.map((e) => e.event)).not.toContain('plan');
    expect(answerText(events)).toBe(FAKE_ANSWER);
    expect(events.filter((e) => e.event === 'chunk').length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({
      event: 'complete',
      data: { provider: 'openai', model: 'fake-chat', status: 'complete', usage: { completionTokens: expect.any(Number) } },
    });
    const chatRequest = openai.requestsTo('/v1/chat/completions').at(-1)?.body as { stream: boolean; messages: Array<{ role: string; content: string }> };
    expect(chatRequest.stream).toBe(true);
    expect(chatRequest.messages.at(-1)).toEqual({ role: 'user', content: 'Hello there, how are you?' });
  });

  it('runs a planned three-node request: plan, task updates for each node, complete', async () => {
    const events = await send('Summarize this note and then translate it: the meeting moved to Friday at ten.');
    const plan = events.find((e) => e.event === 'plan')?.data as { nodes: Array<{ nodeId: string }>; replyNode: string };
    expect(plan.nodes.map((n) => n.nodeId)).toEqual(['n1', 'n2', 'n3']);
    for (const nodeId of ['n1', 'n2', 'n3']) {
      const states = events.filter((e) => e.event === 'task_update' && (e.data as { nodeId: string }).nodeId === nodeId).map((e) => (e.data as { state: string }).state);
      expect(states).toEqual(['running', 'done']);
    }
    // n1 and n2 stream into their cards; the reply node streams the answer.
    expect(events.some((e) => e.event === 'task_chunk' && (e.data as { nodeId: string }).nodeId === 'n1')).toBe(true);
    expect(answerText(events)).toBe(FAKE_ANSWER);
    const complete = events.at(-1)?.data as { messageId: string };
    const message = (await (await app.request(`/api/v1/messages/${complete.messageId}`, { token })).json()) as { tasks: Array<{ nodeId: string; state: string; resultText: string }> };
    expect(message.tasks.map((t) => [t.nodeId, t.state])).toEqual([['n1', 'done'], ['n2', 'done'], ['n3', 'done']]);
    const translateRequest = openai.requestsTo('/v1/chat/completions').find((r) => JSON.stringify(r.body).includes('Translate the text'));
    expect(JSON.stringify(translateRequest?.body)).toContain('German');
  });

  it('keeps the partial answer and ends with an error event when the stream breaks mid-way', async () => {
    openai.script({ text: JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: false }) }, { text: 'One two three four five six', breakAfterChunks: 3 });
    const events = await send('Tell me something.');
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    expect((last?.data as { code: string }).code).toMatch(/^PROVIDER_/);
    const partial = answerText(events);
    expect(partial).toBe('One two three ');
    const started = events[0]?.data as { messageId: string };
    const stored = (await (await app.request(`/api/v1/messages/${started.messageId}`, { token })).json()) as { text: string; status: string; error: { code: string } };
    expect(stored).toMatchObject({ text: partial, status: 'failed', error: { code: (last?.data as { code: string }).code } });
  });

  /**
   * Sends `message`, answered by the fake model `words` words `delayMs` apart, and once the first
   * chunk is out and `beforeStopping` has resolved, stops the answer (202): all of its events.
   */
  async function stopWhileAnswering(message: string, words: number, delayMs: number, beforeStopping: () => Promise<unknown> = () => Promise.resolve()): Promise<SseEvent[]> {
    openai.script(
      { text: JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: false }) },
      { text: Array.from({ length: words }, (_, i) => `word${i}`).join(' '), delayMs },
    );
    const response = await app.request('/api/v1/messages/stream', { method: 'POST', token, json: { message } });
    let trackId = '';
    let stopping: Promise<Response> | undefined;
    const events = await readSse(response, (event) => {
      if (event.event === 'started') trackId = (event.data as { trackId: string }).trackId;
      if (event.event === 'chunk') stopping ??= beforeStopping().then(() => app.request('/api/v1/messages/stop', { method: 'POST', token, json: { trackId } }));
      return isTerminal(event);
    });
    expect((await stopping)?.status).toBe(202);
    return events;
  }

  it('stops generation on request, keeping what was written', async () => {
    const events = await stopWhileAnswering('Write a long story.', 400, 20);
    const complete = events.at(-1);
    expect(complete).toMatchObject({ event: 'complete', data: { status: 'stopped' } });
    const partial = answerText(events);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.split(' ').length).toBeLessThan(400);
    const messageId = (complete?.data as { messageId: string }).messageId;
    await waitFor(async () => ((await (await app.request(`/api/v1/messages/${messageId}`, { token })).json()) as { status: string }).status === 'stopped');
  });

  it('learns from the question while its answer is still being written, not after it', { timeout: 90_000 }, async () => {
    // A word a second, for a minute: what the question said is learnt while the answer is still
    // being written, long before it would end; then the answer is stopped.
    const events = await stopWhileAnswering('Hello! My name is Zoe and I live in Lisbon.', 60, 1000, () =>
      waitFor(async () => {
        const memories = (await (await app.request('/api/v1/memories', { token })).json()) as Array<{ key: string; value: string }>;
        return memories.some((memory) => memory.key === 'name' && memory.value === 'Zoe');
      }, { what: 'the name to be learnt' }),
    );
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'stopped' } });
    expect(answerText(events).split(' ').length).toBeLessThan(60);
  });

  it('fails cleanly when no model offers a capability the plan needs', async () => {
    openai.script(
      { text: JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: true }) },
      {
        text: JSON.stringify({
          version: 1,
          language: 'en',
          replyNode: 'n2',
          tasks: [
            { id: 'n1', capability: 'text2sound', dependsOn: [], inputs: { text: '$message.text' }, params: {} },
            { id: 'n2', capability: 'compose_reply', dependsOn: ['n1'], inputs: { audio: '$n1.file' }, params: {} },
          ],
        }),
      },
    );
    const events = await send('Read this aloud please.');
    const failed = events.find((e) => e.event === 'task_update' && (e.data as { state: string }).state === 'failed')?.data as { error: string };
    expect(failed.error).toContain('TEXT2SOUND');
    expect(events.find((e) => e.event === 'plan_discarded')).toBeDefined();
    expect(events.at(-1)?.event).toBe('complete');
    expect(answerText(events)).toBe(FAKE_ANSWER);
  });

  describe('while the AI sorter decides', () => {
    const verdict = (topic: string): string => JSON.stringify({ topic, language: 'en', webSearch: false, multiStep: false });
    const chatRequests = (): number => openai.requestsTo('/v1/chat/completions').length;

    it('starts the answer its heuristic reading expects, and keeps it when the sorter agrees', async () => {
      // The sorter takes 4 s; the answer's own request must not wait for it.
      openai.script({ text: verdict('general'), stallMs: 4_000 }, { text: 'Kept from the start' });
      const sending = send('Tell me something nice about otters.');
      await waitFor(() => chatRequests() === 2, { timeoutMs: 3_500, what: 'the answer to be asked for while the sorter still thinks' });

      const events = await sending;
      expect(events.map((e) => e.event).filter((name) => name !== 'chunk')).toEqual(['started', 'classified', 'complete']);
      expect(events.find((e) => e.event === 'classified')?.data).toMatchObject({ topic: 'general', source: 'sorter' });
      expect(answerText(events)).toBe('Kept from the start');
      expect(chatRequests()).toBe(2);
    });

    it('drops the guessed answer unseen and answers as decided when the sorter disagrees', async () => {
      openai.script({ text: verdict('translate'), stallMs: 300 }, { text: 'Guessed answer' }, { text: 'Decided answer' });
      const events = await send('Tell me something nice about otters.');

      expect(events.find((e) => e.event === 'classified')?.data).toMatchObject({ topic: 'translate', source: 'sorter' });
      expect(answerText(events)).toBe('Decided answer');
      expect(chatRequests()).toBe(3);
      const stored = (await (await app.request(`/api/v1/messages/${(events.at(-1)?.data as { messageId: string }).messageId}`, { token })).json()) as { text: string; topic: string };
      expect(stored).toMatchObject({ text: 'Decided answer', topic: 'translate' });
    });
  });
});

