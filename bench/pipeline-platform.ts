/** What bench:pipeline and bench:pipeline:ab share: a built server's web and worker roles, and the time to an answer's first chunk. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { freePort } from '../test/e2e/support/app-process';
import { waitFor } from '../test/support/wait-for';

export interface Platform {
  base: string;
  pids: { web: number; worker: number };
  stop: () => Promise<void>;
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
