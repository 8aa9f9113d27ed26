import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

interface ChatBody {
  model: string;
  stream?: boolean;
  response_format?: { type: string };
  messages: Array<{ role: string; content: string }>;
}

interface Trial {
  classification: { topic: string; language: string; source: string; webSearch: boolean; multiStep: boolean };
  plan: { replyNode: string; tasks: Array<{ id: string; capability: string; dependsOn: string[] }> } | null;
  planSource: string | null;
  note: string | null;
}

/** Scripted answers per role, and every request seen. `status` answers with an HTTP error instead. */
interface Script {
  sorter: string | { status: number };
  planner: string | { status: number };
}

/**
 * A minimal OpenAI-compatible server speaking the real streaming wire format (SSE chunks, then
 * `[DONE]`), answering as sorter or planner by the system prompt it receives.
 */
function startFakeOpenAi(script: Script, seen: ChatBody[]): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(raw) as ChatBody;
      seen.push(body);
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      const answer = system.includes('request sorter') ? script.sorter : script.planner;
      if (typeof answer !== 'string') {
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end('{"error":{"message":"scripted failure","type":"invalid_request_error"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
        `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      response.write(chunk({ role: 'assistant', content: '' }));
      // Split the answer in a few pieces, as a real stream would.
      for (let i = 0; i < answer.length; i += 40) response.write(chunk({ content: answer.slice(i, i + 40) }));
      response.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const MODEL_PLAN = {
  version: 1,
  language: 'en',
  replyNode: 'n3',
  tasks: [
    { id: 'n1', capability: 'web_search', dependsOn: [], inputs: { query: '$message.text' }, params: {} },
    { id: 'n2', capability: 'summarize', dependsOn: ['n1'], inputs: { text: '$n1.text' }, params: { length: 'short' } },
    { id: 'n3', capability: 'compose_reply', dependsOn: ['n2'], inputs: { request: '$message.text', n2: '$n2.text' }, params: {} },
  ],
};

/** The sorter and planner through the real AiService against an OpenAI-compatible server. */
describe('sorter and planner with a model', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let fake: Server;
  let admin: string;
  const seen: ChatBody[] = [];
  const script: Script = { sorter: '', planner: '' };

  const trial = async (message: string): Promise<Trial> => {
    const res = await web.request('/api/v1/settings/routing/try', { method: 'POST', token: admin, json: { message } });
    expect(res.status).toBe(200);
    return (await res.json()) as Trial;
  };
  const putSettings = async (json: Record<string, unknown>): Promise<void> => {
    expect((await web.request('/api/v1/settings/routing', { method: 'PUT', token: admin, json })).status).toBe(200);
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    fake = await startFakeOpenAi(script, seen);
    const port = (fake.address() as AddressInfo).port;
    web = await startWebApp(env.config({ OPENAI_API_KEY: 'sk-test-fake', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_MODELS: 'fake-model' }));
    admin = (await registerUser(web, 'admin@example.com')).accessToken;
  });
  beforeEach(() => {
    seen.length = 0;
    script.sorter = JSON.stringify({ topic: 'general', language: 'en', webSearch: true, multiStep: true });
    script.planner = '```json\n' + JSON.stringify(MODEL_PLAN) + '\n```';
  });
  afterAll(async () => {
    await web?.close();
    await new Promise((resolve) => fake?.close(resolve));
    await env?.dispose();
  });

  it('classifies with the sorter model and plans with the planner model, asking both for JSON', async () => {
    const result = await trial('Find out what happened at the Lisbon tech summit and give me the short version');

    expect(result.classification).toEqual({ topic: 'general', language: 'en', source: 'sorter', webSearch: true, multiStep: true });
    expect(result).toMatchObject({ planSource: 'planner', note: null, plan: MODEL_PLAN });
    expect(seen).toHaveLength(2);
    for (const body of seen) {
      expect(body).toMatchObject({ model: 'fake-model', stream: true, response_format: { type: 'json_object' } });
    }
    const [sorter, planner] = seen;
    expect(sorter?.messages[0]?.content).toContain('- translate: Translating text or documents between languages.');
    expect(planner?.messages[0]?.content).toContain('- image_generation:');
    expect(planner?.messages[1]?.content).toContain('Lisbon tech summit');
  });

  it('falls back to general when the sorter answers junk, and to one chat node when the plan is invalid', async () => {
    script.sorter = 'The topic is probably general.';
    expect((await trial('Find out what happened in Lisbon')).classification).toMatchObject({ topic: 'general', source: 'fallback' });

    script.sorter = JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: true });
    script.planner = JSON.stringify({ ...MODEL_PLAN, tasks: MODEL_PLAN.tasks.map((t) => (t.id === 'n1' ? { ...t, dependsOn: ['n3'] } : t)) });
    const cyclic = await trial('Find out what happened in Lisbon');
    expect(cyclic.planSource).toBe('fallback');
    expect(cyclic.note).toContain('cycle');
    expect(cyclic.plan).toEqual({
      version: 1,
      language: 'en',
      replyNode: 'n1',
      tasks: [{ id: 'n1', capability: 'chat', dependsOn: [], inputs: { text: '$message.text' }, params: {} }],
    });
  });

  it('falls back when the provider refuses the request', async () => {
    script.sorter = { status: 400 };
    script.planner = { status: 400 };
    expect((await trial('Find out what happened in Lisbon')).classification).toMatchObject({ topic: 'general', source: 'fallback' });
  });

  it('uses the heuristics when the settings pick the offline model, without calling the provider', async () => {
    await putSettings({ sorterModel: 'offline:basic', plannerModel: 'offline:basic' });
    const result = await trial('Generate an image of a lighthouse and read a short poem about it aloud');

    expect(result.classification).toMatchObject({ topic: 'mediamaker', source: 'rule', multiStep: true });
    expect(result.planSource).toBe('planner');
    expect(result.plan?.tasks.map((t) => t.capability)).toContain('image_generation');
    expect(seen).toHaveLength(0);

    expect((await trial('How tall is the Eiffel tower?')).classification).toMatchObject({ topic: 'general', source: 'sorter', multiStep: false });
    expect(seen).toHaveLength(0);
    await putSettings({ sorterModel: null, plannerModel: null });
  });
});
