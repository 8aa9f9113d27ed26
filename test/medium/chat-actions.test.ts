import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderStreamEvent } from '../../src/modules/ai/ai.types';
import { AnthropicProvider } from '../../src/modules/ai/providers/anthropic.provider';
import { OpenAiCompatibleProvider } from '../../src/modules/ai/providers/openai-compatible.provider';
import { CONTINUE_INSTRUCTION } from '../../src/modules/chat/continuation';
import { chatActionReply, CUT_OFF, REST } from '../support/chat-action-replies';
import { FakeAnthropicServer } from '../support/fake-anthropic-server';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

interface StoredMessage {
  id: string;
  role: string;
  text: string;
  status: string;
  replyToId: string | null;
  provider: string | null;
  model: string | null;
  thinking: string | null;
  thinkingMs: number | null;
  truncated: boolean;
  superseded: boolean;
}

interface ChatMessage {
  role: string;
  content: string;
}

/** The chat actions (docs/api.md): answer again, edit and resend, continue, and the model's reasoning. */
describe('chat actions', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({ defaultReply: chatActionReply });
    app = await startWebApp(
      env.config({ APP_ROLE: 'all', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat,fake-reasoner', AI_MAX_RETRIES: '0' }),
    );
    alice = (await registerUser(app, 'alice@example.com')).accessToken;
    bob = (await registerUser(app, 'bob@example.com')).accessToken;
    // Memory extraction runs on the offline heuristics, so the model sees only answers and the sorter.
    const bound = await app.request('/api/v1/settings/models', { method: 'PUT', token: alice, json: { scope: 'user', bindings: { MEM: 'offline:basic' } } });
    expect(bound.status).toBe(200);
  });
  afterEach(() => openai.reset());
  afterAll(async () => {
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const stream = async (path: string, json: unknown, token = alice): Promise<SseEvent[]> => {
    const response = await app.request(`/api/v1${path}`, { method: 'POST', token, json });
    expect(response.status, await peekError(response)).toBe(200);
    return readSse(response, isTerminal);
  };
  const send = (message: string, extra: Record<string, unknown> = {}) => stream('/messages/stream', { message, ...extra });
  const textOf = (events: SseEvent[], name = 'chunk'): string => events.filter((e) => e.event === name).map((e) => (e.data as { text: string }).text).join('');
  const started = (events: SseEvent[]) => events[0]?.data as { chatId: string; messageId: string; userMessageId: string };
  const messagesOf = async (chatId: string): Promise<StoredMessage[]> => (await (await app.request(`/api/v1/chats/${chatId}/messages`, { token: alice })).json()) as StoredMessage[];
  /** The messages of the last answer generation the fake model was asked for (not the sorter's). */
  const lastAnswerRequest = (): ChatMessage[] => {
    const answers = openai.requestsTo('/v1/chat/completions').filter((r) => !(r.body.response_format as { type?: string } | undefined));
    return (answers.at(-1)?.body.messages ?? []) as ChatMessage[];
  };
  const refused = async (path: string, json: unknown, token = alice): Promise<{ status: number; code: string }> => {
    const response = await app.request(`/api/v1${path}`, { method: 'POST', token, json });
    return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
  };

  it('answers again with another model as a new version; the old answer stays, out of the conversation', async () => {
    const first = await send('What is the capital of France?', { modelId: 'openai:fake-chat' });
    const { chatId, messageId: oldId, userMessageId } = started(first);

    const again = await stream(`/messages/${oldId}/regenerate`, { modelId: 'openai:fake-reasoner' });
    expect(again.at(-1)).toMatchObject({ event: 'complete', data: { model: 'fake-reasoner', status: 'complete' } });
    expect(started(again)).toMatchObject({ chatId, userMessageId });
    const newId = started(again).messageId;
    expect(newId).not.toBe(oldId);
    expect(textOf(again)).toBe('fake-reasoner answers: What is the capital of France?');

    const stored = await messagesOf(chatId);
    expect(stored.map((m) => [m.id, m.role, m.replyToId, m.superseded])).toEqual([
      [userMessageId, 'user', null, false],
      [oldId, 'assistant', userMessageId, true],
      [newId, 'assistant', userMessageId, false],
    ]);
    expect(stored[1]?.text).toBe('fake-chat answers: What is the capital of France?');

    // The next turn's history has the current version only.
    await send('And of Italy?', { chatId, modelId: 'openai:fake-chat' });
    const history = lastAnswerRequest().filter((m) => m.role !== 'system');
    expect(history).toEqual([
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'fake-reasoner answers: What is the capital of France?' },
      { role: 'user', content: 'And of Italy?' },
    ]);
  });

  it('edits the latest question and answers it anew; earlier questions cannot be edited or answered again', async () => {
    const first = await send('Name a red fruit.', { modelId: 'openai:fake-chat' });
    const { chatId, messageId: firstAnswer, userMessageId: firstQuestion } = started(first);
    const second = await send('Name a yellow fruit.', { chatId, modelId: 'openai:fake-chat' });
    const { messageId: oldAnswer, userMessageId: question } = started(second);

    expect(await refused(`/messages/${firstQuestion}/edit`, { message: 'Name a blue fruit.' })).toEqual({ status: 409, code: 'NOT_LATEST_TURN' });
    expect(await refused(`/messages/${firstAnswer}/regenerate`, {})).toEqual({ status: 409, code: 'NOT_LATEST_TURN' });
    expect(await refused(`/messages/${question}/edit`, { message: '' })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const edited = await stream(`/messages/${question}/edit`, { message: 'Name a green fruit.', modelId: 'openai:fake-chat' });
    expect(textOf(edited)).toBe('fake-chat answers: Name a green fruit.');
    expect(started(edited).userMessageId).toBe(question);
    expect(lastAnswerRequest().filter((m) => m.role !== 'system')).toEqual([
      { role: 'user', content: 'Name a red fruit.' },
      { role: 'assistant', content: 'fake-chat answers: Name a red fruit.' },
      { role: 'user', content: 'Name a green fruit.' },
    ]);

    const stored = await messagesOf(chatId);
    expect(stored.find((m) => m.id === question)?.text).toBe('Name a green fruit.');
    expect(stored.find((m) => m.id === oldAnswer)).toMatchObject({ superseded: true, text: 'fake-chat answers: Name a yellow fruit.' });
    expect(stored.find((m) => m.id === started(edited).messageId)).toMatchObject({ superseded: false, replyToId: question });
    // A superseded version is not the current answer: it is not answered again.
    expect(await refused(`/messages/${oldAnswer}/regenerate`, {})).toEqual({ status: 409, code: 'NOT_LATEST_TURN' });
  });

  it('continues an answer cut off at the token limit, appending to the same message', async () => {
    const cut = await send('Tell me a long story.', { modelId: 'openai:fake-chat' });
    const { chatId, messageId } = started(cut);
    expect(cut.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete', truncated: true } });
    expect((await messagesOf(chatId)).at(-1)).toMatchObject({ id: messageId, text: CUT_OFF, truncated: true });

    const more = await stream(`/messages/${messageId}/continue`, {});
    expect(started(more).messageId).toBe(messageId);
    expect(textOf(more)).toBe(REST);
    const complete = more.at(-1);
    expect(complete).toMatchObject({ event: 'complete', data: { messageId, status: 'complete', model: 'fake-chat' } });
    expect((complete?.data as { truncated?: boolean }).truncated).toBeUndefined();
    // The model sees its own words so far, then the instruction to go on.
    expect(lastAnswerRequest().filter((m) => m.role !== 'system')).toEqual([
      { role: 'user', content: 'Tell me a long story.' },
      { role: 'assistant', content: CUT_OFF },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    expect((await messagesOf(chatId)).at(-1)).toMatchObject({ id: messageId, text: CUT_OFF + REST, truncated: false, status: 'complete' });

    // A whole answer has nothing to continue.
    expect(await refused(`/messages/${messageId}/continue`, {})).toEqual({ status: 409, code: 'NOTHING_TO_CONTINUE' });
  });

  it("streams a reasoning model's thinking before its answer and keeps it with the answer", async () => {
    const events = await send('Is 91 a prime?', { modelId: 'openai:fake-reasoner' });
    const names = events.map((e) => e.event);
    expect(names.indexOf('thinking')).toBeGreaterThan(-1);
    expect(names.indexOf('thinking')).toBeLessThan(names.indexOf('chunk'));
    expect(names.lastIndexOf('thinking')).toBeLessThan(names.indexOf('chunk'));
    expect(textOf(events, 'thinking')).toBe('Thinking about: Is 91 a prime?');
    expect(textOf(events)).toBe('fake-reasoner answers: Is 91 a prime?');
    const complete = events.at(-1)?.data as { thinkingMs?: number };
    expect(complete.thinkingMs).toEqual(expect.any(Number));

    const stored = (await messagesOf(started(events).chatId)).at(-1);
    expect(stored).toMatchObject({ thinking: 'Thinking about: Is 91 a prime?', thinkingMs: complete.thinkingMs });
    // A model without reasoning leaves none.
    const plain = await send('Is 97 a prime?', { modelId: 'openai:fake-chat' });
    expect(plain.some((e) => e.event === 'thinking')).toBe(false);
    expect((await messagesOf(started(plain).chatId)).at(-1)).toMatchObject({ thinking: null, thinkingMs: null });
  });

  it("refuses other people's messages as not found, and actions while an answer is being written", async () => {
    const events = await send('Whose answer is this?', { modelId: 'openai:fake-chat' });
    const { messageId, userMessageId } = started(events);
    expect(await refused(`/messages/${messageId}/regenerate`, {}, bob)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await refused(`/messages/${messageId}/continue`, {}, bob)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await refused(`/messages/${userMessageId}/edit`, { message: 'Mine now.' }, bob)).toEqual({ status: 404, code: 'NOT_FOUND' });
    // The wrong kind of message is not found either: a question is not regenerated, an answer not edited.
    expect(await refused(`/messages/${userMessageId}/regenerate`, {})).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await refused(`/messages/${messageId}/edit`, { message: 'x' })).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await refused(`/messages/${messageId}/regenerate`, { modelId: 'openai:no-such-model' })).toEqual({ status: 400, code: 'MODEL_NOT_AVAILABLE' });

    // While the answer to the edited question is being written (slowly), nothing else starts in the chat.
    const response = await app.request(`/api/v1/messages/${userMessageId}/edit`, { method: 'POST', token: alice, json: { message: 'Whose answer is this? Write it slowly.' } });
    let trackId = '';
    let newAnswer = '';
    let attempted = false;
    const writing = await readSse(response, (event) => {
      if (event.event === 'started') ({ trackId, messageId: newAnswer } = event.data as { trackId: string; messageId: string });
      if (event.event === 'chunk' && !attempted) {
        attempted = true;
        void refused(`/messages/${newAnswer}/regenerate`, {}).then(async (result) => {
          expect(result).toEqual({ status: 409, code: 'ANSWER_IN_PROGRESS' });
          await app.request('/api/v1/messages/stop', { method: 'POST', token: alice, json: { trackId } });
        });
      }
      return isTerminal(event);
    });
    expect(writing.at(-1)).toMatchObject({ event: 'complete', data: { status: 'stopped' } });
    // A stopped answer can be continued.
    const stoppedId = started(writing).messageId;
    const more = await stream(`/messages/${stoppedId}/continue`, {});
    expect(more.at(-1)).toMatchObject({ event: 'complete', data: { messageId: stoppedId, status: 'complete' } });
  });
});

/** The error body of a refused request, to show with a failed status assertion. */
async function peekError(response: Response): Promise<string> {
  return response.status === 200 ? '' : await response.clone().text();
}

/** What the providers make of reasoning and of the token limit on the wire (the fakes speak each vendor's format). */
describe('reasoning and finish reasons from the providers', () => {
  const read = async (events: AsyncIterable<ProviderStreamEvent>): Promise<ProviderStreamEvent[]> => {
    const all: ProviderStreamEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  };
  const ask = { messages: [{ role: 'user' as const, content: 'Why?' }] };

  it('OpenAI-compatible: reasoning_content deltas are thinking, finish_reason length is the token limit', async () => {
    const server = await FakeOpenAiServer.start();
    try {
      const provider = new OpenAiCompatibleProvider({ id: 'openai', displayName: 'Fake', baseUrl: server.baseUrl, apiKey: 'sk-test', timeoutMs: 5_000 });
      server.script({ text: 'Because.', reasoning: 'Let me think.', finishReason: 'length' });
      const events = await read(provider.streamChat('fake-chat', ask, new AbortController().signal));
      expect(events.filter((e) => e.type !== 'usage')).toEqual([
        { type: 'thinking', text: 'Let ' },
        { type: 'thinking', text: 'me ' },
        { type: 'thinking', text: 'think.' },
        { type: 'delta', text: 'Because.' },
        { type: 'finish', reason: 'length' },
      ]);
      server.script({ text: 'Fine.' });
      expect(await read(provider.streamChat('fake-chat', ask, new AbortController().signal))).toContainEqual({ type: 'finish', reason: 'stop' });
    } finally {
      await server.close();
    }
  });

  it('Anthropic: extended thinking is asked for answers (not JSON calls) within its budget, thinking deltas are thinking, max_tokens is the token limit', async () => {
    const server = await FakeAnthropicServer.start();
    try {
      const provider = new AnthropicProvider({ apiKey: 'sk-test', baseUrl: server.url, timeoutMs: 5_000, thinkingBudget: 2048 });
      server.script({ text: 'Because.', reasoning: 'Hmm.', finishReason: 'length' });
      const events = await read(provider.streamChat('claude-fake', { ...ask, temperature: 0.3 }, new AbortController().signal));
      expect(events.filter((e) => e.type !== 'usage')).toEqual([
        { type: 'thinking', text: 'Hmm.' },
        { type: 'delta', text: 'Because.' },
        { type: 'finish', reason: 'length' },
      ]);
      const body = server.requestsTo('/v1/messages').at(-1)?.body;
      expect(body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 + 2048 });
      expect(body).not.toHaveProperty('temperature');

      server.script({ text: '{"topic":"general"}' });
      await read(provider.streamChat('claude-fake', { ...ask, json: true, temperature: 0 }, new AbortController().signal));
      const sorter = server.requestsTo('/v1/messages').at(-1)?.body;
      expect(sorter).not.toHaveProperty('thinking');
      expect(sorter).toMatchObject({ max_tokens: 4096, temperature: 0 });
    } finally {
      await server.close();
    }
  });
});
