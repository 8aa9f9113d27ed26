import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TestEnvironment } from '../../support/test-environment';
import { waitFor } from '../../support/wait-for';

const PROJECT_ROOT = resolve(__dirname, '../../..');
const BOOT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built app (`node dist/main.js`) started the way the README starts it, on its own database, Redis prefix and port. */
export interface AppProcess {
  baseUrl: string;
  env: TestEnvironment;
  /** Resolves when the process exits, by itself or after `stop()`. */
  exited: Promise<ExitStatus>;
  /** Everything the migrations and the app printed, for a failure report. */
  logs(): string;
  /** Sends SIGTERM, waits for the exit (SIGKILL after a grace period) and drops the suite's data. */
  stop(): Promise<ExitStatus>;
}

export interface StartOptions {
  /** Adds to or overrides the app's environment (APP_ROLE, smaller budgets …). */
  env?: Record<string, string>;
  /** What "started" means: the API's health (default) or, for a worker, its liveness port. */
  readyPath?: '/api/health' | '/health';
}

export async function startApp({ env: overrides = {}, readyPath = '/api/health' }: StartOptions = {}): Promise<AppProcess> {
  const env = await TestEnvironment.create({ migrate: false, name: 'sb_e2e' });
  const output: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<ExitStatus> = Promise.resolve({ code: null, signal: null });

  const stop = async (): Promise<ExitStatus> => {
    const status = child ? await terminate(child, exited) : { code: null, signal: null };
    await env.dispose();
    return status;
  };

  try {
    await run('npm', ['run', 'migration:run'], { DATABASE_URL: env.databaseUrl }, output);
    const port = await freePort();
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        APP_ROLE: 'all',
        APP_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:6379/0',
        REDIS_KEY_PREFIX: env.redisKeyPrefix,
        // Its own origin may open the realtime socket, as http://localhost:3000 may by default.
        REALTIME_ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
        ...overrides,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collect(child, output);
    const running = child;
    exited = once(running, 'exit').then(([code, signal]) => ({ code, signal }));

    const readyPort = readyPath === '/health' ? Number(overrides.WORKER_HEALTH_PORT) : port;
    await waitFor(
      async () => {
        if (running.exitCode !== null || running.signalCode !== null) {
          throw new Error(`the app exited during start-up (code ${running.exitCode}, signal ${running.signalCode})`);
        }
        const response = await fetch(`http://127.0.0.1:${readyPort}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
        return response.status === 200;
      },
      { timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 250, what: `GET ${readyPath} to answer 200` },
    );
    return { baseUrl: `http://127.0.0.1:${port}`, env, exited, logs: () => output.join(''), stop };
  } catch (error) {
    await stop().catch((cleanupError: unknown) => output.push(`\n[cleanup failed] ${String(cleanupError)}\n`));
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- app output ---\n${output.join('')}`, {
      cause: error,
    });
  }
}

function collect(child: ChildProcess, output: string[]): void {
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
}

async function run(command: string, args: string[], env: Record<string, string>, output: string[]): Promise<void> {
  output.push(`$ ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  collect(child, output);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function terminate(child: ChildProcess, exited: Promise<ExitStatus>): Promise<ExitStatus> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const status = await exited;
    clearTimeout(timer);
    return status;
  }
  return exited;
}
