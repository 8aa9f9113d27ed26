import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../../src/modules/ai/ai-provider.error';
import { AiService } from '../../src/modules/ai/ai.service';
import { ModelCapability, type ChatStreamEvent, type ResolvedModel } from '../../src/modules/ai/ai.types';
import { FakeAnthropicServer } from '../support/fake-anthropic-server';
import { FakeOpenAiServer, TINY_PNG, TINY_WAV } from '../support/fake-openai-server';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';

interface ModelSettings {
  global: Record<string, string | null>;
  user: Record<string, string | null>;
  effective: Record<string, string | null>;
}

const OPENAI_MODELS = 'fake-chat,fake-small:CHAT|SUMMARIZE,fake-embed:VECTORIZE,fake-image:TEXT2PIC,fake-tts:TEXT2SOUND';

/** Everything the stream produced before it ended, and how it ended. */
async function drain(stream: AsyncIterable<ChatStreamEvent>): Promise<{ text: string; deltas: string[]; usage?: unknown; error?: unknown }> {
  const deltas: string[] = [];
  let usage: unknown;
  try {
    for await (const event of stream) {
      if (event.type === 'delta') deltas.push(event.text);
      else usage = event.usage;
    }
    return { text: deltas.join(''), deltas, usage };
  } catch (error) {
    return { text: deltas.join(''), deltas, usage, error };
  }
}

describe('ai: providers, catalogue and model settings against fake OpenAI and Anthropic servers', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let openai: FakeOpenAiServer;
  let anthropic: FakeAnthropicServer;
  let ai: AiService;
  let admin: Session;
  let member: Session;

  const register = (email: string): Promise<Session> => registerUser(web, email, { name: email });
  const putSettings = (token: string, body: unknown): Promise<Response> => web.request('/api/v1/settings/models', { method: 'PUT', token, json: body });

  beforeAll(async () => {
    [openai, anthropic, env] = await Promise.all([FakeOpenAiServer.start(), FakeAnthropicServer.start(), TestEnvironment.create()]);
    web = await startWebApp(
      env.config({
        OPENAI_API_KEY: 'sk-fake-openai',
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MODELS,
        ANTHROPIC_API_KEY: 'sk-ant-fake',
        ANTHROPIC_BASE_URL: anthropic.url,
        AI_MAX_RETRIES: '2',
      }),
    );
    ai = web.app.get(AiService);
    admin = await register('admin@example.com');
    member = await register('member@example.com');
  });
  afterAll(async () => {
    await web?.close();
    await Promise.all([openai?.close(), anthropic?.close()]);
    await env?.dispose();
  });

  it('lists the configured models and the offline one, real providers first', async () => {
    const res = await web.request('/api/v1/models', { token: member.accessToken });
    expect(res.status).toBe(200);
    const models = (await res.json()) as Array<{ id: string; provider: string; name: string; label: string; capabilities: string[]; offline: boolean }>;
    expect(models.map((m) => m.id)).toEqual([
      'openai:fake-chat',
      'openai:fake-small',
      'openai:fake-embed',
      'openai:fake-image',
      'openai:fake-tts',
      'anthropic:claude-sonnet-4-6',
      'anthropic:claude-haiku-4-5',
      'offline:basic',
    ]);
    expect(models[0]).toEqual({
      id: 'openai:fake-chat',
      provider: 'openai',
      name: 'fake-chat',
      label: 'OpenAI-compatible · fake-chat',
      capabilities: ['CHAT', 'SORT', 'PLAN', 'SUMMARIZE', 'MEM'],
      offline: false,
    });
    expect(models.find((m) => m.id === 'offline:basic')).toMatchObject({ offline: true, label: 'Offline (no AI model)' });
    expect((await web.request('/api/v1/models')).status).toBe(401);
  });

  it('shows every capability in GET /settings/models, with automatic choices in effect', async () => {
    const res = await web.request('/api/v1/settings/models', { token: member.accessToken });
    expect(res.status).toBe(200);
    const settings = (await res.json()) as ModelSettings;
    expect(Object.keys(settings.global).sort()).toEqual(Object.values(ModelCapability).sort());
    expect(Object.values(settings.global).every((v) => v === null)).toBe(true);
    expect(settings.effective).toMatchObject({
      CHAT: 'openai:fake-chat',
      VECTORIZE: 'openai:fake-embed',
      TEXT2PIC: 'openai:fake-image',
      TEXT2SOUND: 'openai:fake-tts',
      PIC2TEXT: 'anthropic:claude-sonnet-4-6',
      SOUND2TEXT: null,
    });
  });

  it('lets admins bind globally, users override for themselves, and refuses the rest', async () => {
    const forbidden = await putSettings(member.accessToken, { scope: 'global', bindings: { CHAT: 'openai:fake-small' } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });

    const global = await putSettings(admin.accessToken, { scope: 'global', bindings: { CHAT: 'openai:fake-small', SUMMARIZE: 'anthropic:claude-haiku-4-5' } });
    expect(global.status).toBe(200);
    expect(((await global.json()) as ModelSettings).global).toMatchObject({ CHAT: 'openai:fake-small', SUMMARIZE: 'anthropic:claude-haiku-4-5' });

    const own = await putSettings(member.accessToken, { scope: 'user', bindings: { CHAT: 'offline:basic' } });
    expect(own.status).toBe(200);
    const mine = (await own.json()) as ModelSettings;
    expect(mine.user.CHAT).toBe('offline:basic');
    expect(mine.effective).toMatchObject({ CHAT: 'offline:basic', SUMMARIZE: 'anthropic:claude-haiku-4-5' });

    // The admin is not affected by the member's override.
    const adminView = (await (await web.request('/api/v1/settings/models', { token: admin.accessToken })).json()) as ModelSettings;
    expect(adminView.effective.CHAT).toBe('openai:fake-small');
    expect(adminView.user.CHAT).toBeNull();

    await expect(ai.resolve(ModelCapability.Chat, { userId: member.user.id })).resolves.toMatchObject({ id: 'offline:basic', offline: true });
    await expect(ai.resolve(ModelCapability.Chat, { userId: admin.user.id })).resolves.toMatchObject({ id: 'openai:fake-small', provider: 'openai', name: 'fake-small' });
    await expect(ai.resolve(ModelCapability.Chat)).resolves.toMatchObject({ id: 'openai:fake-small' });
    await expect(ai.resolve(ModelCapability.Chat, { userId: member.user.id, modelId: 'anthropic:claude-haiku-4-5' })).resolves.toMatchObject({
      id: 'anthropic:claude-haiku-4-5',
      provider: 'anthropic',
    });

    // null removes a binding: the member falls back to the global one.
    const cleared = (await (await putSettings(member.accessToken, { scope: 'user', bindings: { CHAT: null } })).json()) as ModelSettings;
    expect(cleared.user.CHAT).toBeNull();
    expect(cleared.effective.CHAT).toBe('openai:fake-small');
    const [row] = await env.query<{ n: number }>("SELECT COUNT(*) AS n FROM model_bindings WHERE scope = ?", [member.user.id]);
    expect(Number(row?.n)).toBe(0);
  });

  it('answers 400 MODEL_NOT_AVAILABLE for unknown models and models lacking the capability, and changes nothing', async () => {
    for (const bindings of [{ CHAT: 'openai:nope' }, { TEXT2PIC: 'openai:fake-chat' }, { CHAT: 'offline:basic', VECTORIZE: 'anthropic:claude-sonnet-4-6' }]) {
      const res = await putSettings(admin.accessToken, { scope: 'global', bindings });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'MODEL_NOT_AVAILABLE', message: expect.any(String) } });
    }
    const settings = (await (await web.request('/api/v1/settings/models', { token: admin.accessToken })).json()) as ModelSettings;
    expect(settings.global.CHAT).toBe('openai:fake-small');

    const unknownCapability = await putSettings(admin.accessToken, { scope: 'global', bindings: { TELEPATHY: 'openai:fake-chat' } });
    expect(unknownCapability.status).toBe(400);
    expect(((await unknownCapability.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await putSettings(admin.accessToken, { scope: 'team', bindings: {} })).status).toBe(400);
  });

  it('refuses an explicit model that lacks the capability, and reports capabilities nobody offers', async () => {
    await expect(ai.resolve(ModelCapability.Text2Pic, { modelId: 'openai:fake-chat' })).rejects.toMatchObject({ code: AiErrorCode.ModelNotAvailable });
    await expect(ai.resolve(ModelCapability.Chat, { modelId: 'openai:missing' })).rejects.toMatchObject({ code: AiErrorCode.ModelNotAvailable });
    const error = await ai.resolve(ModelCapability.Sound2Text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AiProviderError);
    expect(error).toMatchObject({ code: AiErrorCode.NoModel, message: expect.stringContaining('SOUND2TEXT') });
  });

  it('streams chat through the OpenAI adapter: chunks, usage, and the request it sent', async () => {
    openai.reset();
    openai.script({ text: 'Hello from the fake server, streamed in words.', usage: { promptTokens: 11, completionTokens: 8 } });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });

    const result = await drain(ai.streamChat(model, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }], temperature: 0.2 }));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Hello from the fake server, streamed in words.');
    expect(result.deltas.length).toBe(8);
    expect(result.usage).toEqual({ promptTokens: 11, completionTokens: 8 });
    const [sent] = openai.requestsTo('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-fake-openai');
    expect(sent?.body).toMatchObject({
      model: 'fake-chat',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('retries a 429 and a 500 before the first token, then streams the answer', async () => {
    openai.reset();
    openai.script({ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { text: 'Third time lucky.' });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });

    const result = await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Try hard' }] }));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Third time lucky.');
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(3);
  });

  it('gives up after the retry budget with the last error code', async () => {
    openai.reset();
    openai.script({ status: 503 }, { status: 503 }, { status: 503 }, { text: 'never reached' });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });

    const result = await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Hello?' }] }));

    expect(result.error).toMatchObject({ code: AiErrorCode.Unavailable });
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(3);
    openai.reset();
  });

  it('keeps the partial answer and throws when the connection breaks mid-stream, without retrying', async () => {
    openai.reset();
    openai.script({ text: 'one two three four five six', breakAfterChunks: 3 });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });

    const result = await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Count' }] }));

    expect(result.text).toBe('one two three ');
    expect(result.error).toBeInstanceOf(AiProviderError);
    expect((result.error as AiProviderError).code).toBe(AiErrorCode.Unavailable);
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });

  it('reports a malformed stream as PROVIDER_BAD_RESPONSE after the good part', async () => {
    openai.reset();
    openai.script({ text: 'good bad', malformedAfterChunks: 1 });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });

    const result = await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Go' }] }));

    expect(result.text).toBe('good ');
    expect(result.error).toMatchObject({ code: AiErrorCode.BadResponse });
  });

  it('stops promptly with CANCELLED when the caller aborts mid-stream', async () => {
    openai.reset();
    openai.script({ text: 'word '.repeat(200), delayMs: 20 });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'openai:fake-chat' });
    const controller = new AbortController();
    const deltas: string[] = [];
    let caught: unknown;
    try {
      for await (const event of ai.streamChat(model, { messages: [{ role: 'user', content: 'Talk' }], signal: controller.signal })) {
        if (event.type === 'delta') deltas.push(event.text);
        if (deltas.length === 3) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: AiErrorCode.Cancelled });
    expect(deltas.length).toBe(3);
  });

  it('completes non-streamed callers (json mode) and embeds, draws and speaks through the fake server', async () => {
    openai.reset();
    openai.script({ text: '{"topic":"general"}' });
    const chat = await ai.resolve(ModelCapability.Sort);
    const completion = await ai.complete(chat, { messages: [{ role: 'user', content: 'Classify this' }], json: true });
    expect(completion.text).toBe('{"topic":"general"}');
    expect(completion.usage?.completionTokens).toBe(1);
    const [sent] = openai.requestsTo('/v1/chat/completions');
    expect(sent?.body.response_format).toEqual({ type: 'json_object' });

    const embedder = await ai.resolve(ModelCapability.Vectorize);
    expect(embedder.id).toBe('openai:fake-embed');
    const vectors = await ai.embed(embedder, ['alpha', 'beta', 'alpha']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toEqual(vectors[2]);
    expect(openai.requestsTo('/v1/embeddings')[0]?.body).toMatchObject({ model: 'fake-embed', input: ['alpha', 'beta', 'alpha'] });

    const image = await ai.generateImage(await ai.resolve(ModelCapability.Text2Pic), 'a red square');
    expect(image).toMatchObject({ mime: 'image/png', extension: 'png' });
    expect(image.data.equals(TINY_PNG)).toBe(true);

    const speech = await ai.synthesizeSpeech(await ai.resolve(ModelCapability.Text2Sound), 'Guten Morgen, wie geht es Ihnen heute?');
    expect(speech).toMatchObject({ mime: 'audio/wav', extension: 'wav' });
    expect(speech.data.equals(TINY_WAV)).toBe(true);
    expect(openai.requestsTo('/v1/audio/speech')[0]?.body).toMatchObject({ model: 'fake-tts', input: 'Guten Morgen, wie geht es Ihnen heute?' });
  });

  it('streams Claude through the Anthropic adapter with the system prompt on top and usage from the events', async () => {
    anthropic.reset();
    anthropic.script({ text: 'Bonjour from Claude.', usage: { promptTokens: 21, completionTokens: 5 } });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'anthropic:claude-sonnet-4-6' });

    const result = await drain(
      ai.streamChat(model, {
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Greet me in French' },
        ],
        maxTokens: 100,
      }),
    );

    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Bonjour from Claude.');
    expect(result.usage).toEqual({ promptTokens: 21, completionTokens: 5 });
    const [sent] = anthropic.requestsTo('/v1/messages');
    // The SDK sends the key as x-api-key or, in newer versions, as a bearer token.
    expect(sent?.headers['x-api-key'] ?? sent?.headers.authorization?.replace(/^Bearer /, '')).toBe('sk-ant-fake');
    expect(sent?.body).toMatchObject({
      model: 'claude-sonnet-4-6',
      system: 'You are terse.',
      max_tokens: 100,
      stream: true,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Greet me in French' },
      ],
    });
  });

  it('retries Anthropic overload before output and surfaces a mid-stream break after it', async () => {
    anthropic.reset();
    anthropic.script({ status: 529 }, { text: 'Recovered.' });
    const model = await ai.resolve(ModelCapability.Chat, { modelId: 'anthropic:claude-haiku-4-5' });
    expect((await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Hi' }] }))).text).toBe('Recovered.');
    expect(anthropic.requestsTo('/v1/messages')).toHaveLength(2);

    anthropic.script({ text: 'alpha beta gamma', breakAfterChunks: 2 });
    const broken = await drain(ai.streamChat(model, { messages: [{ role: 'user', content: 'Hi' }] }));
    expect(broken.text).toBe('alpha beta ');
    expect(broken.error).toMatchObject({ code: AiErrorCode.Unavailable });
  });

  it('disables, without deleting, the models of providers no longer configured', async () => {
    // A second node of the same installation boots without the providers (configuration changed).
    const offlineNode = await startWebApp(env.config());
    try {
      const models = (await (await offlineNode.request('/api/v1/models', { token: admin.accessToken })).json()) as Array<{ id: string }>;
      expect(models.map((m) => m.id)).toEqual(['offline:basic']);
      const rows = await env.query<{ id: string; enabled: number }>('SELECT id, enabled FROM ai_models ORDER BY id');
      expect(rows).toHaveLength(8);
      expect(rows.filter((r) => Number(r.enabled) === 1).map((r) => r.id)).toEqual(['offline:basic']);
      // The global CHAT binding names a disabled model: resolution moves on instead of failing.
      const fallback = await offlineNode.app.get(AiService).resolve(ModelCapability.Chat);
      expect(fallback).toEqual<ResolvedModel>({ id: 'offline:basic', provider: 'offline', name: 'basic', label: 'Offline (no AI model)', offline: true });
    } finally {
      await offlineNode.close();
    }
  });
});
