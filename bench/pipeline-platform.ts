/** What bench:pipeline and bench:pipeline:ab share: a built server's web and worker roles, and the time to an answer's first chunk. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { Queue } from 'bullmq';
import { QueueName } from '../src/infra/queue/queue-name';
import { freePort } from '../test/e2e/support/app-process';
import type { TestEnvironment } from '../test/support/test-environment';
import { waitFor } from '../test/support/wait-for';

const REDIS_URL = 'redis://127.0.0.1:6379/0';

export interface Platform {
  base: string;
  pids: { web: number; worker: number };
  stop: () => Promise<void>;
}

/** How a benchmarked platform runs: on `env`'s database and keys, with `openaiBaseUrl`'s model, and budgets no bench exhausts. */
export function platformEnvironment(env: TestEnvironment, openaiBaseUrl: string): Record<string, string> {
  return {
    APP_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: env.redisKeyPrefix,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: openaiBaseUrl,
    OPENAI_MODELS: 'fake-chat',
    RATE_LIMIT_USER_PER_MIN: '1000000',
    RATE_LIMIT_IP_PER_MIN: '1000000',
  };
}

/** The follow-up jobs (memory extraction) of a platform on `env`: `done` resolves once none is waiting or running. */
export function followUpJobs(env: TestEnvironment): { done: () => Promise<unknown>; close: () => Promise<void> } {
  const queue = new Queue(QueueName.AiHigh, { connection: { url: REDIS_URL }, prefix: `${env.redisKeyPrefix}bull` });
  return {
    done: () =>
      waitFor(async () => Object.values(await queue.getJobCounts('active', 'waiting', 'prioritized')).every((count) => count === 0), { timeoutMs: 10_000, intervalMs: 1, what: 'the follow-up jobs' }),
    close: () => queue.close(),
  };
}

/** A web and a worker process of the server built in `root` (`npm run build:server`), on a free port. */
export async function startPlatform(root: string, env: Record<string, string>): Promise<Platform> {
  const port = await freePort();
  const start = (role: 'web' | 'worker'): ChildProcess =>
    spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...process.env, ...env, PORT: String(port), APP_ROLE: role }, stdio: ['ignore', 'ignore', 'inherit'] });
  const children = [start('web'), start('worker')];
  const [web = 0, worker = 0] = children.map((child) => child.pid ?? 0);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.ok === true, { timeoutMs: 60_000, intervalMs: 200, what: `the web role in ${root}` });
  return {
    base,
    pids: { web, worker },
    stop: async () => {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.filter((child) => child.exitCode === null).map((child) => once(child, 'exit')));
    },
  };
}

/** POSTs JSON to the platform's `/api/v1` and returns the parsed answer; throws on an HTTP error. */
export async function api(base: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * POSTs and resolves with the ms until the first `event: chunk` frame arrived, once the stream has
 * ended: messages are measured one after another, each without the previous one's tail.
 */
export function timeToFirstChunk(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
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
