import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GenerationSlots } from '../../src/modules/chat/generation-slots.service';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { webAppPerSuite } from '../support/web-app-suite';
import { registerUser } from '../support/users';

type SdkError = InstanceType<typeof OpenAI.APIError>;

/** What the SDK threw (it throws nothing → the test fails here). */
async function failureOf(call: Promise<unknown>): Promise<SdkError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as SdkError;
}

/** A new API key with these scopes, for the user of `token`. */
async function createKey(app: RunningWebApp, token: string, scopes: string[]): Promise<string> {
  const response = await app.request('/api/v1/apikeys', { method: 'POST', token, json: { name: scopes.join('+'), scopes } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

/**
 * The OpenAI-compatible API, called by the unmodified official `openai` SDK against a real app
 * (web and worker in one process, the offline provider answering): every answer goes through
 * the platform's pipeline and lands in a new `api` chat.
 */
describe('the OpenAI-compatible API, through the openai SDK', () => {
  const suite = webAppPerSuite({ APP_ROLE: 'all' });
  let userId: string;
  let chatKey: string;
  let filesKey: string;
  let openai: OpenAI;

  const sdk = (apiKey: string): OpenAI => new OpenAI({ apiKey, baseURL: `${suite.web.baseUrl}/v1` });
  const getJson = async <T>(path: string): Promise<T> => {
    const response = await suite.web.request(path, { headers: { 'x-api-key': chatKey } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const storedMessage = (messageId: string): Promise<{ text: string; status: string; chatId: string; topic: string | null }> => getJson(`/api/v1/messages/${messageId}`);
  const messageIdOf = (completionId: string): string => completionId.replace(/^chatcmpl-/, '');

  beforeAll(async () => {
    const session = await registerUser(suite.web, 'openai@example.com');
    userId = session.user.id;
    chatKey = await createKey(suite.web, session.accessToken, ['chat']);
    filesKey = await createKey(suite.web, session.accessToken, ['files']);
    openai = sdk(chatKey);
  });

  it('streams a completion: the role, the text in deltas, the finish reason, the usage, and keeps the answer in a new api chat', async () => {
    const stream = await openai.chat.completions.create({
      model: 'offline:basic',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'What is a switchboard?' },
        { role: 'assistant', content: 'A device that connects calls.' },
        { role: 'user', content: 'Tell me more about telephone switchboards and their operators.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.trim()).not.toBe('');
    const finishing = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishing.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(last?.usage?.total_tokens).toBe((last?.usage?.prompt_tokens ?? 0) + (last?.usage?.completion_tokens ?? 0));
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);

    // The completion id names the stored answer: the streamed text is what the chat kept.
    const answer = await storedMessage(messageIdOf(last?.id ?? ''));
    expect(answer).toMatchObject({ text, status: 'complete' });
    const [question] = await getJson<Array<{ role: string; text: string }>>(`/api/v1/chats/${answer.chatId}/messages`);
    expect(question?.role).toBe('user');
    // The question first (it titles the chat), the earlier turns after it as context.
    expect(question?.text.startsWith('Tell me more about telephone switchboards')).toBe(true);
    expect(question?.text).toContain('Assistant: A device that connects calls.');
    expect(await getJson(`/api/v1/chats/${answer.chatId}`)).toMatchObject({ channel: 'api' });
  });

  it('streams without a usage chunk unless asked', async () => {
    const stream = await openai.chat.completions.create({ model: 'offline:basic', messages: [{ role: 'user', content: 'Hello there' }], stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it('answers without streaming, routed to a task prompt given as topic:<name>', async () => {
    const completion = await openai.chat.completions.create({ model: 'topic:general', messages: [{ role: 'user', content: 'What can you help me with today?' }] });

    expect(completion).toMatchObject({ object: 'chat.completion', model: 'topic:general', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
    expect(completion.id).toMatch(/^chatcmpl-/);
    const content = completion.choices[0]?.message.content ?? '';
    expect(content.trim()).not.toBe('');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(await storedMessage(messageIdOf(completion.id))).toMatchObject({ text: content, status: 'complete', topic: 'general' });
  });

  it('lists the chat models of the catalogue and the task prompts as topic: models', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) {
      expect(model.object).toBe('model');
      ids.push(model.id);
    }

    expect(ids).toContain('offline:basic');
    expect(ids).toContain('topic:general');
    expect(ids).toContain('topic:translate');
  });

  it('keeps answering when a streaming client leaves', async () => {
    const stream = await openai.chat.completions.create({ model: 'offline:basic', messages: [{ role: 'user', content: 'Write a few lines about rivers.' }], stream: true });
    let first: ChatCompletionChunk | undefined;
    for await (const chunk of stream) {
      first = chunk;
      break;
    }

    const answer = await waitFor(async () => {
      const stored = await storedMessage(messageIdOf(first?.id ?? ''));
      return stored.status === 'complete' ? stored : undefined;
    }, { what: 'the abandoned answer to complete' });
    expect(answer.text.trim()).not.toBe('');
  });

  it('refuses a wrong key with 401 invalid_api_key, in the SDK and in OpenAI’s error shape', async () => {
    const failure = await failureOf(sdk('sk_not-a-real-key').models.list());
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(failure).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });

    const anonymous = await fetch(`${suite.web.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
  });

  it('refuses a key without the chat scope with 403', async () => {
    const failure = await failureOf(sdk(filesKey).chat.completions.create({ model: 'offline:basic', messages: [{ role: 'user', content: 'Hi' }] }));
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(failure).toMatchObject({ status: 403, code: 'insufficient_scope', type: 'permission_error' });
  });

  it('answers 404 model_not_found for a model or topic that does not exist, storing nothing', async () => {
    const [before] = await suite.env.query<{ n: number }>('SELECT COUNT(*) AS n FROM chats');
    for (const model of ['gpt-4o', 'topic:no-such-topic', 'topic:NOT A TOPIC']) {
      const failure = await failureOf(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] }));
      expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
      expect(failure).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    }
    const [after] = await suite.env.query<{ n: number }>('SELECT COUNT(*) AS n FROM chats');
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  it('answers 400 for bodies it cannot answer', async () => {
    const bad: Array<Record<string, unknown>> = [
      { model: 'offline:basic', messages: [] },
      { model: 'offline:basic', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] },
      { model: 'offline:basic', messages: [{ role: 'tool', content: '42', tool_call_id: 'call_1' }] },
      { model: 'offline:basic', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] },
      { model: 'offline:basic', messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'function', function: { name: 'f' } }] },
      { model: 'offline:basic', messages: [{ role: 'user', content: 'Hi' }], n: 2 },
      { model: 'offline:basic', messages: Array.from({ length: 101 }, () => ({ role: 'user', content: 'Hi' })) },
      { model: 'offline:basic', messages: [{ role: 'user', content: 'x'.repeat(20_000) }, { role: 'user', content: 'y'.repeat(20_000) }] },
    ];
    for (const body of bad) {
      const failure = await failureOf(openai.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming));
      expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
      expect(failure).toMatchObject({ status: 400, type: 'invalid_request_error' });
    }
  });

  it('accepts the sampling parameters clients send by default', async () => {
    const completion = await openai.chat.completions.create({
      model: 'offline:basic',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
      temperature: 0.2,
      top_p: 1,
      max_tokens: 100,
      n: 1,
      user: 'end-user-7',
    });
    expect(completion.choices[0]?.message.content?.trim()).not.toBe('');
  });

  it('answers 429 while every generation slot of the user is taken', async () => {
    const slots = suite.web.app.get(GenerationSlots);
    const held = Array.from({ length: 4 }, () => randomUUID());
    for (const trackId of held) await slots.acquire(userId, trackId);
    try {
      const failure = await failureOf(openai.chat.completions.create({ model: 'offline:basic', messages: [{ role: 'user', content: 'Hi' }] }, { maxRetries: 0 }));
      expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
      expect(failure).toMatchObject({ status: 429, code: 'too_many_generations', type: 'rate_limit_error' });
      expect(Number(failure.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      for (const trackId of held) await slots.release(userId, trackId);
    }
  });
});

/** Answers that fail at the model (a real provider protocol, scripted): the SDK raises the failure, and does not send the request again. */
describe('the OpenAI-compatible API when the model fails', () => {
  let env: TestEnvironment;
  let provider: FakeOpenAiServer;
  let web: RunningWebApp;
  let openai: OpenAI;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    provider = await FakeOpenAiServer.start();
    web = await startWebApp(env.config({ APP_ROLE: 'all', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: provider.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' }));
    const session = await registerUser(web, 'failing@example.com');
    openai = new OpenAI({ apiKey: await createKey(web, session.accessToken, ['chat']), baseURL: `${web.baseUrl}/v1` });
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await web?.close();
    await provider?.close();
    await env?.dispose();
  });

  const chatCount = async (): Promise<number> => Number((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM chats'))[0]?.n);
  // A fixed topic skips the sorter: the one scripted reply is the answer's.
  const params = { model: 'topic:general', messages: [{ role: 'user' as const, content: 'Tell me something.' }] };

  it('ends a stream whose model broke off mid-way with an error the SDK raises, after the text so far', async () => {
    provider.script({ text: 'One two three four five six', breakAfterChunks: 3 });
    const stream = await openai.chat.completions.create({ ...params, stream: true });
    let text = '';

    const failure = await failureOf(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );

    expect(text).toBe('One two three ');
    expect(failure.code).toMatch(/^provider_/);
    expect(failure.type).toBe('server_error');
  });

  it('answers a failed answer with a 500 the SDK does not retry: one request, one chat', async () => {
    provider.script({ status: 401 });
    const chatsBefore = await chatCount();

    const failure = await failureOf(openai.chat.completions.create(params));

    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure).toMatchObject({ status: 500, code: 'provider_auth', type: 'server_error' });
    expect(await chatCount()).toBe(chatsBefore + 1);
    expect(provider.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });

  it('lists the provider\'s chat model', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toContain('openai:fake-chat');
  });
});
