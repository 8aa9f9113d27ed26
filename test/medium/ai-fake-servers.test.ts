import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBackoffMs, guardedStream, type CallPolicy } from '../../src/modules/ai/ai-call-policy';
import { AiErrorCode, AiProviderError } from '../../src/modules/ai/ai-provider.error';
import { OpenAiCompatibleProvider } from '../../src/modules/ai/providers/openai-compatible.provider';
import { FakeAnthropicServer } from '../support/fake-anthropic-server';
import { FakeOpenAiServer } from '../support/fake-openai-server';

/** Raw SSE `data:` payloads of a response, in order. */
async function dataLines(response: Response): Promise<string[]> {
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

/** The fakes other suites and the pipeline benchmark build on: their wire format and scripting. */
describe('fake provider servers', () => {
  let openai: FakeOpenAiServer;
  let instant: FakeOpenAiServer;
  let anthropic: FakeAnthropicServer;

  beforeAll(async () => {
    [openai, instant, anthropic] = await Promise.all([
      FakeOpenAiServer.start({ models: ['fake-chat'] }),
      FakeOpenAiServer.start({ instant: true, defaultReply: () => ({ text: 'a b c d', chunkSize: 2 }) }),
      FakeAnthropicServer.start(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), instant?.close(), anthropic?.close()]);
  });

  const post = (server: { url: string }, path: string, body: unknown): Promise<Response> =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('streams OpenAI chunks, the usage chunk only when asked, then [DONE]', async () => {
    const messages = [{ role: 'user', content: 'ping pong' }];
    const withUsage = await dataLines(await post(openai, '/v1/chat/completions', { model: 'm', messages, stream: true, stream_options: { include_usage: true } }));
    expect(withUsage.at(-1)).toBe('[DONE]');
    const chunks = withUsage.slice(0, -1).map((line) => JSON.parse(line) as { choices: Array<{ delta: { content?: string } }>; usage?: unknown });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: ping pong');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } });

    const withoutUsage = await dataLines(await post(openai, '/v1/chat/completions', { model: 'm', messages, stream: true }));
    expect(withoutUsage.some((line) => line.includes('"usage"'))).toBe(false);
  });

  it('answers non-streamed chat, lists models, and records what it received', async () => {
    openai.reset();
    const response = await post(openai, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(await response.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'Echo: hi' } }] });
    expect(await (await fetch(`${openai.baseUrl}/models`)).json()).toMatchObject({ data: [{ id: 'fake-chat' }] });
    expect(openai.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions', 'GET /v1/models']);
    expect(openai.requestsTo('/v1/chat/completions')[0]?.body).toMatchObject({ model: 'm' });
  });

  it('uses scripted replies per path, in order, before the default reply', async () => {
    openai.script({ path: '/v1/embeddings', status: 500 }, { text: 'scripted' });
    expect((await post(openai, '/v1/embeddings', { model: 'e', input: ['x'] })).status).toBe(500);
    expect((await post(openai, '/v1/embeddings', { model: 'e', input: ['x'] })).status).toBe(200);
    const chat = (await (await post(openai, '/v1/chat/completions', { model: 'm', messages: [] })).json()) as { choices: Array<{ message: { content: string } }> };
    expect(chat.choices[0]?.message.content).toBe('scripted');
  });

  it('streams everything at once in instant mode, in the chunk size asked', async () => {
    const lines = await dataLines(await post(instant, '/v1/chat/completions', { model: 'm', messages: [], stream: true }));
    const pieces = lines.slice(0, -1).map((line) => (JSON.parse(line) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content);
    expect(pieces.filter(Boolean)).toEqual(['a ', 'b ', 'c ', 'd']);
  });

  it('speaks the Anthropic event sequence', async () => {
    anthropic.script({ text: 'Hi there' });
    const response = await post(anthropic, '/v1/messages', { model: 'claude', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'yo' }] });
    const events = (await response.text()).split('\n').filter((line) => line.startsWith('event: ')).map((line) => line.slice(7));
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('lets the request timeout cut a stalled server short through the real adapter, then retries', async () => {
    const provider = new OpenAiCompatibleProvider({ id: 'openai', displayName: 'Fake', baseUrl: openai.baseUrl, apiKey: 'k', timeoutMs: 10_000 });
    const policy: CallPolicy = { requestTimeoutMs: 200, idleTimeoutMs: 200, maxRetries: 1, backoffMs: defaultBackoffMs };
    openai.reset();
    openai.script({ stallMs: 5_000, text: 'too late' }, { text: 'on time' });

    let text = '';
    for await (const event of guardedStream((signal) => provider.streamChat('m', { messages: [{ role: 'user', content: 'x' }] }, signal), policy, 'Fake')) {
      if (event.type === 'delta') text += event.text;
    }

    expect(text).toBe('on time');
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(2);
  });

  it('reports a stream that stalls after output as a timeout, keeping the output', async () => {
    const provider = new OpenAiCompatibleProvider({ id: 'openai', displayName: 'Fake', baseUrl: openai.baseUrl, apiKey: 'k', timeoutMs: 10_000 });
    const policy: CallPolicy = { requestTimeoutMs: 2_000, idleTimeoutMs: 150, maxRetries: 2, backoffMs: () => 0 };
    openai.reset();
    // 400 ms between chunks: the first word arrives in time, the silence after it outlasts 150 ms.
    openai.script({ text: 'first second', delayMs: 400 });

    let text = '';
    let caught: unknown;
    try {
      for await (const event of guardedStream((signal) => provider.streamChat('m', { messages: [{ role: 'user', content: 'x' }] }, signal), policy, 'Fake')) {
        if (event.type === 'delta') text += event.text;
      }
    } catch (error) {
      caught = error;
    }

    expect(text).toBe('first ');
    expect(caught).toBeInstanceOf(AiProviderError);
    expect((caught as AiProviderError).code).toBe(AiErrorCode.Timeout);
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });
});
