/**
 * `npm run bench:pipeline` — time from request to the first answer `chunk`, in one run:
 *
 * 1. Substrate overhead, against an instant OpenAI-compatible server: a bare Fastify SSE endpoint
 *    streaming the provider directly (the floor) versus the whole pipeline (web role → BullMQ →
 *    worker role → classify (an AI sorter call) → [plan → execute] → Redis stream → web role →
 *    SSE), 500 fast-path and 100 planned messages.
 * 2. With a realistic model: every provider call waits MODEL_LATENCY_MS before it answers (time to
 *    first token; the sorter's whole answer too). The bare endpoint, the pipeline asking the AI
 *    sorter (its round trip hidden by the speculative answer), and a message a selection rule routes.
 * 3. What speculation costs: a mix of everyday requests in several languages, each with the verdict
 *    a good sorter would give, answered with speculation on and then off (a second pair of
 *    processes): time to first chunk, and the tokens every model call used (prompt + answer,
 *    estimated at 4 characters a token; a discarded answer is counted whole, an upper bound).
 *
 * Section 1 also prints the CPU each process spent per message (Linux /proc), which varies far
 * less between runs than the latencies: every process shares the machine's cores. And it times
 * the fast path paced: each message sent once the previous one's follow-up jobs (memory
 * extraction) are done, which separates the path's own length from the CPU those jobs take from
 * the next message when messages follow each other at once. With
 * BENCH_PIPELINE_SECTIONS=1 the run ends after section 1.
 *
 * Needs the built server (`npm run build:server`) and MariaDB + Redis on localhost.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import OpenAI from 'openai';
import { FakeOpenAiServer, type FakeReply, type RecordedRequest } from '../test/support/fake-openai-server';
import { pipelineReply } from '../test/support/pipeline-replies';
import { TestEnvironment } from '../test/support/test-environment';
import { api, followUpJobs, platformEnvironment, startPlatform, timeToFirstChunk } from './pipeline-platform';
import { percentile } from './stats';

const FAST_PATH_MESSAGES = 500;
const PLANNED_MESSAGES = 100;
const LATENCY_MESSAGES = 40;
const WARMUP = 20;
const MODEL_LATENCY_MS = 300;
const MIX_ROUNDS = 2;
const ROOT = resolve(__dirname, '..');
/** What the selection rule of the benchmark's own task prompt matches. */
const RULE_WORD = 'benchmarkrule';

interface Timings {
  label: string;
  samples: number[];
}

interface Summary {
  label: string;
  n: number;
  p50: number;
  p90: number;
  p99: number;
}

interface SorterVerdict {
  topic: string;
  language: string;
  webSearch: boolean;
  multiStep: boolean;
}

/** Everyday requests with the verdict a capable sorter gives them (the default task prompts' topics). */
const MIX: Array<{ message: string; verdict: SorterVerdict }> = [
  ...[
    ['What is the capital of Australia?', 'en'],
    ['How do I center a div in CSS?', 'en'],
    ['Give me three ideas for a birthday party for a ten-year-old.', 'en'],
    ['Why is the sky blue?', 'en'],
    ['Can you explain recursion with a short example?', 'en'],
    ['Write a haiku about autumn rain.', 'en'],
    ['What should I cook tonight with rice, eggs and spinach?', 'en'],
    ['Wie funktioniert eigentlich ein Kühlschrank?', 'de'],
    ['Was ist der Unterschied zwischen Wetter und Klima?', 'de'],
    ['Kannst du mir erklären, was eine Hypothek ist?', 'de'],
    ['Explique-moi la photosynthèse simplement.', 'fr'],
    ['Quels sont les avantages du télétravail ?', 'fr'],
    ['¿Cuál es la diferencia entre la memoria RAM y la ROM?', 'es'],
    ['¿Me recomiendas un libro sobre la historia de Roma?', 'es'],
    ["Che cos'è un buco nero?", 'it'],
    ['Neden gökyüzü mavi görünür?', 'tr'],
  ].map(([message, language]) => ({ message, verdict: { topic: 'general', language, webSearch: false, multiStep: false } })),
  { message: 'Translate into German: the meeting has moved to Thursday at ten.', verdict: { topic: 'translate', language: 'en', webSearch: false, multiStep: false } },
  { message: "Traduis en anglais : je serai en retard d'une demi-heure.", verdict: { topic: 'translate', language: 'fr', webSearch: false, multiStep: false } },
  {
    message: 'Summarize this: The city council met on Monday to discuss the new cycling lanes. After a long debate, members agreed to fund two pilot routes and to review them after six months.',
    verdict: { topic: 'docsummary', language: 'en', webSearch: false, multiStep: false },
  },
  {
    message: 'Fasse das bitte kurz zusammen: Der Umsatz stieg im dritten Quartal um acht Prozent, vor allem dank des neuen Onlineshops, während die Kosten stabil blieben.',
    verdict: { topic: 'docsummary', language: 'de', webSearch: false, multiStep: false },
  },
  { message: "What's the weather going to be like in Berlin tomorrow?", verdict: { topic: 'general', language: 'en', webSearch: true, multiStep: false } },
  { message: 'Create a PDF report about solar energy for homeowners.', verdict: { topic: 'officemaker', language: 'en', webSearch: false, multiStep: true } },
  { message: 'Draw a picture of a cat wearing a top hat.', verdict: { topic: 'mediamaker', language: 'en', webSearch: false, multiStep: true } },
];
const MIX_VERDICTS = new Map(MIX.map(({ message, verdict }) => [message, verdict]));

function summarize({ label, samples }: Timings): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { label, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), n: sorted.length };
}

async function measure(label: string, count: number, one: (i: number) => Promise<number>, warmup = WARMUP): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await one(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await one(i));
  return summarize({ label, samples });
}

function printTable(title: string, rows: Summary[]): void {
  console.log(`\n${title}`);
  console.table(rows.map((r) => ({ run: r.label, n: r.n, p50: r.p50.toFixed(2), p90: r.p90.toFixed(2), p99: r.p99.toFixed(2) })));
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

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What `measure` cost each process in CPU, per message. */
async function cpuPerMessage<T>(pids: Record<string, number>, messages: number, run: () => Promise<T>): Promise<{ result: T; perMessage: Record<string, string> }> {
  const self = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const result = await run();
  const perMessage = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, ((cpuMs(pid) - (before[name] ?? 0)) / messages).toFixed(2)]));
  const { user, system } = process.cpuUsage(self);
  perMessage['bench (clients, fake model)'] = ((user + system) / 1000 / messages).toFixed(2);
  return { result, perMessage };
}

/** The pid of the one process running `name` (redis-server, mariadbd). */
function pidOf(name: string): number {
  return Number(execFileSync('pgrep', ['-o', '-x', name]).toString().trim());
}

function textOf(request: RecordedRequest): string {
  const messages = (request.body as { messages?: Array<{ content: unknown }> }).messages ?? [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
}

function lastUserText(request: RecordedRequest): string {
  const messages = (request.body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const content = [...messages].reverse().find((m) => m.role === 'user')?.content;
  return typeof content === 'string' ? content : '';
}

async function main(): Promise<void> {
  const env = await TestEnvironment.create({ name: 'sb_bench' });
  let modelLatencyMs = 0;
  const tokens = { characters: 0, calls: 0 };
  const openai = await FakeOpenAiServer.start({
    instant: true,
    defaultReply: (request) => {
      const body = request.body as { response_format?: { type?: string } };
      const verdict = MIX_VERDICTS.get(lastUserText(request));
      const sorting = body.response_format?.type === 'json_object' && textOf(request).startsWith('You are the request sorter');
      const given = sorting && verdict ? JSON.stringify(verdict) : pipelineReply(request);
      const reply: FakeReply = typeof given === 'string' ? { text: given } : given;
      tokens.calls++;
      tokens.characters += textOf(request).length + (reply.text?.length ?? 0);
      return modelLatencyMs > 0 ? { ...reply, stallMs: modelLatencyMs } : reply;
    },
  });
  const appEnv = platformEnvironment(env, openai.baseUrl);
  let platform = await startPlatform(ROOT, appEnv);
  const bare = await startBareEndpoint(openai.baseUrl);
  try {
    const { accessToken } = (await api(platform.base, '/auth/register', { email: 'bench@example.com', password: 'benchmark-password', name: 'Bench' })) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    await api(platform.base, '/prompts', { topic: 'benchrule', description: 'Benchmark questions', prompt: 'Answer the benchmark question.', selectionRules: [RULE_WORD] }, accessToken);
    const send = (message: string): Promise<number> => timeToFirstChunk(`${platform.base}/api/v1/messages/stream`, { message }, auth);

    // 1. Substrate overhead.
    const floor = await measure('bare Fastify SSE → provider', FAST_PATH_MESSAGES, (i) => timeToFirstChunk(bare.url, { message: `Hello, how are you today? (${i})` }));
    const services = { ...platform.pids, redis: pidOf('redis-server'), mariadb: pidOf('mariadbd') };
    const { result: fast, perMessage } = await cpuPerMessage(services, FAST_PATH_MESSAGES + WARMUP, () =>
      measure('pipeline, fast path (AI sorter)', FAST_PATH_MESSAGES, (i) => send(`Hello, how are you today? (${i})`)),
    );
    const followUps = followUpJobs(env);
    const paced = await measure('pipeline, fast path, paced', FAST_PATH_MESSAGES, async (i) => {
      await followUps.done();
      return send(`Hello, how are you today? (paced ${i})`);
    });
    await followUps.close();
    const planned = await measure('pipeline, planned (3 nodes)', PLANNED_MESSAGES, (i) => send(`Summarize this and then translate it: the train leaves at ${i} past nine.`));
    printTable('1. Time to first answer chunk, instant model (ms)', [floor, fast, paced, planned]);
    console.log(`fast-path overhead over the bare endpoint: p50 ${(fast.p50 - floor.p50).toFixed(2)} ms (target ≤ 5), p99 ${(fast.p99 - floor.p99).toFixed(2)} ms (target ≤ 15)`);
    console.log(`ratio pipeline/bare: p50 ${(fast.p50 / floor.p50).toFixed(2)}×, p99 ${(fast.p99 / floor.p99).toFixed(2)}×`);
    console.log(`paced fast-path overhead: p50 ${(paced.p50 - floor.p50).toFixed(2)} ms, p99 ${(paced.p99 - floor.p99).toFixed(2)} ms`);
    console.log('CPU per fast-path message (ms), by process:');
    console.table(perMessage);
    if (process.env.BENCH_PIPELINE_SECTIONS === '1') return;

    // 2. A model with a realistic time to first token.
    modelLatencyMs = MODEL_LATENCY_MS;
    const latency = [
      await measure(`bare endpoint, model TTFT ${MODEL_LATENCY_MS} ms`, LATENCY_MESSAGES, (i) => timeToFirstChunk(bare.url, { message: `Tell me a fun fact (${i})` }), 3),
      await measure('pipeline, AI sorter (speculative answer)', LATENCY_MESSAGES, (i) => send(`Tell me a fun fact (${i})`), 3),
      await measure('pipeline, selection-rule match', LATENCY_MESSAGES, (i) => send(`Tell me a fun fact about the ${RULE_WORD} (${i})`), 3),
    ];
    printTable(`2. Time to first answer chunk, every model call ${MODEL_LATENCY_MS} ms to its first token (ms)`, latency);
    const [slowFloor, sorted, ruled] = latency;
    console.log(`AI-sorter fast path / bare: p50 ${(sorted.p50 / slowFloor.p50).toFixed(3)}× (target ≤ 1.15), rule match / bare: p50 ${(ruled.p50 / slowFloor.p50).toFixed(3)}×`);

    // 3. The mix, with speculation on, then off.
    const mixRun = async (label: string): Promise<{ summary: Summary; tokens: number; calls: number }> => {
      tokens.characters = 0;
      tokens.calls = 0;
      const samples: number[] = [];
      for (let round = 0; round < MIX_ROUNDS; round++) for (const { message } of MIX) samples.push(await send(message));
      return { summary: summarize({ label, samples }), tokens: Math.round(tokens.characters / 4), calls: tokens.calls };
    };
    const on = await mixRun('mix, speculative answers on');
    await platform.stop();
    platform = await startPlatform(ROOT, { ...appEnv, ROUTING_SPECULATIVE_ANSWERS: 'false' });
    const sorterWaited = await measure('pipeline, AI sorter, speculation off', LATENCY_MESSAGES, (i) => send(`Tell me a fun fact (${i})`), 3);
    const off = await mixRun('mix, speculative answers off');
    printTable(`3. Everyday mix (${MIX.length} requests × ${MIX_ROUNDS}), model TTFT ${MODEL_LATENCY_MS} ms (ms)`, [sorterWaited, on.summary, off.summary]);
    console.log(`AI-sorter fast path without speculation / bare: p50 ${(sorterWaited.p50 / slowFloor.p50).toFixed(3)}×`);
    console.log(
      `tokens on the mix: ${on.tokens} with speculation (${on.calls} model calls), ${off.tokens} without (${off.calls} calls): ` +
        `${on.tokens >= off.tokens ? '+' : ''}${(((on.tokens - off.tokens) / off.tokens) * 100).toFixed(1)}% for a time to first chunk p50 ${on.summary.p50.toFixed(0)} ms instead of ${off.summary.p50.toFixed(0)} ms`,
    );
  } finally {
    await bare.close();
    await platform.stop();
    await openai.close();
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
