import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';

const PROJECT_ROOT = resolve(__dirname, '../../..');
const MARIADB_URL = 'mariadb://root@127.0.0.1:3306';
const REDIS_URL = 'redis://127.0.0.1:6379/0';
const BOOT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** The built app (`node dist/main.js`, APP_ROLE=all) on its own database, Redis prefix and port. */
export interface AppProcess {
  baseUrl: string;
  /** Everything the migrations and the app printed, for a failure report. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startApp(): Promise<AppProcess> {
  const suffix = randomBytes(4).toString('hex');
  const database = `sb_e2e_${suffix}`;
  const redisPrefix = `sb_e2e_${suffix}:`;
  const databaseUrl = `${MARIADB_URL}/${database}`;
  const output: string[] = [];
  let child: ChildProcess | undefined;

  const stop = async (): Promise<void> => {
    if (child) await terminate(child);
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  };

  try {
    await createDatabase(database);
    await run('npm', ['run', 'migration:run'], { DATABASE_URL: databaseUrl }, output);

    const port = await freePort();
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        APP_ROLE: 'all',
        APP_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_KEY_PREFIX: redisPrefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collect(child, output);

    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilHealthy(baseUrl, child);
    return { baseUrl, logs: () => output.join(''), stop };
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

function freePort(): Promise<number> {
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

async function waitUntilHealthy(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await pause(250);
  }
  throw new Error(`GET /api/health did not answer 200 within ${BOOT_TIMEOUT_MS} ms (last: ${last})`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function withMariaDb<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

function createDatabase(database: string): Promise<unknown> {
  return withMariaDb((db) => db.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
}

function dropDatabase(database: string): Promise<unknown> {
  return withMariaDb((db) => db.query(`DROP DATABASE IF EXISTS \`${database}\``));
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
