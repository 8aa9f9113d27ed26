/**
 * `npm run bench:pipeline` — time from request to the first answer `chunk`:
 *   - through the whole pipeline (web role → BullMQ → worker role → classify → [plan → execute] →
 *     Redis stream → web role → SSE), 500 fast-path and 100 planned messages, and
 *   - through a bare Fastify SSE endpoint streaming the same provider directly (the floor),
 * in one run, against one instant OpenAI-compatible server. Prints p50/p90/p99 and the overhead.
 * Needs the built server (`npm run build:server`) and MariaDB + Redis on localhost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import OpenAI from 'openai';
import { freePort } from '../test/e2e/support/app-process';
import { FakeOpenAiServer } from '../test/support/fake-openai-server';
import { pipelineReply } from '../test/support/pipeline-replies';
import { TestEnvironment } from '../test/support/test-environment';
import { waitFor } from '../test/support/wait-for';
import { percentile } from './stats';

const FAST_PATH_MESSAGES = 500;
const PLANNED_MESSAGES = 100;
const WARMUP = 20;
const ROOT = resolve(__dirname, '..');

interface Timings {
  label: string;
  samples: number[];
}

/**
 * POSTs and resolves with the ms until the first `event: chunk` frame arrived, once the stream has
 * ended: messages are measured one after another, each without the previous one's tail.
 */
function timeToFirstChunk(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    let firstChunkMs: number | undefined;
    const payload = JSON.stringify(body);
    const started = process.hrtime.bigint();
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      let buffer = '';
      let done = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (firstChunkMs === undefined && buffer.includes('event: chunk')) firstChunkMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (!done && buffer.includes('event: error')) {
          done = true;
          reject(new Error(`stream error: ${buffer.slice(buffer.indexOf('event: error'), buffer.indexOf('event: error') + 300)}`));
        }
      });
      res.on('end', () => {
        if (done) return;
        if (firstChunkMs === undefined) reject(new Error(`no chunk (HTTP ${res.statusCode}): ${buffer.slice(0, 300)}`));
        else resolvePromise(firstChunkMs);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function summarize({ label, samples }: Timings): { label: string; p50: number; p90: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { label, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), n: sorted.length };
}

async function measure(label: string, count: number, once: (i: number) => Promise<number>): Promise<Timings> {
  for (let i = 0; i < WARMUP; i++) await once(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await once(i));
  return { label, samples };
}

/** The floor: Fastify + the OpenAI SDK streaming the same fake model straight to SSE. */
async function startBareEndpoint(openaiBaseUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: openaiBaseUrl });
  const app = Fastify();
  app.post('/stream', async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    const { message } = request.body as { message: string };
    const stream = await client.chat.completions.create({ model: 'fake-chat', stream: true, messages: [{ role: 'user', content: message }] });
    let id = 0;
    for await (const part of stream) {
      const text = part.choices[0]?.delta?.content;
      if (text) reply.raw.write(`id: ${id++}\nevent: chunk\ndata: ${JSON.stringify({ text })}\n\n`);
    }
    reply.raw.end();
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/stream`, close: () => app.close() };
}

function startRole(role: 'web' | 'worker', env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...process.env, ...env, APP_ROLE: role }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function main(): Promise<void> {
  const env = await TestEnvironment.create({ name: 'sb_bench' });
  const openai = await FakeOpenAiServer.start({ instant: true, defaultReply: pipelineReply });
  const port = await freePort();
  const appEnv = {
    APP_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    REDIS_KEY_PREFIX: env.redisKeyPrefix,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: openai.baseUrl,
    OPENAI_MODELS: 'fake-chat',
    RATE_LIMIT_USER_PER_MIN: '1000000',
    RATE_LIMIT_IP_PER_MIN: '1000000',
  };
  const children = [startRole('web', appEnv), startRole('worker', appEnv)];
  const bare = await startBareEndpoint(openai.baseUrl);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'the web role' });
    const registered = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark-password', name: 'Bench' }),
    });
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const pipelineUrl = `${base}/api/v1/messages/stream`;

    const results = [
      await measure('bare Fastify SSE → provider', FAST_PATH_MESSAGES, (i) => timeToFirstChunk(bare.url, { message: `Hello, how are you today? (${i})` })),
      await measure('pipeline, fast path', FAST_PATH_MESSAGES, (i) => timeToFirstChunk(pipelineUrl, { message: `Hello, how are you today? (${i})` }, auth)),
      await measure('pipeline, planned (3 nodes)', PLANNED_MESSAGES, (i) =>
        timeToFirstChunk(pipelineUrl, { message: `Summarize this and then translate it: the train leaves at ${i} past nine.` }, auth),
      ),
    ].map(summarize);

    const [floor, fast, planned] = results;
    console.log('\nTime to first answer chunk (ms)');
    console.table(results.map((r) => ({ run: r.label, n: r.n, p50: r.p50.toFixed(2), p90: r.p90.toFixed(2), p99: r.p99.toFixed(2) })));
    if (floor && fast && planned) {
      console.log(`fast-path overhead over the bare endpoint: p50 ${(fast.p50 - floor.p50).toFixed(2)} ms (target ≤ 10), p99 ${(fast.p99 - floor.p99).toFixed(2)} ms (target ≤ 40)`);
      console.log(`ratio pipeline/bare: p50 ${(fast.p50 / floor.p50).toFixed(2)}×, p99 ${(fast.p99 / floor.p99).toFixed(2)}×`);
      console.log(`planned (sorter + planner + 2 steps before the reply): p50 ${planned.p50.toFixed(2)} ms, p99 ${planned.p99.toFixed(2)} ms`);
    }
  } finally {
    await bare.close();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.filter((child) => child.exitCode === null).map((child) => once(child, 'exit')));
    await openai.close();
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
