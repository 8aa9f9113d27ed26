import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, OutputLog, OwnedProcess } from '../../test/support/processes';
import { waitFor } from '../../test/support/wait-for';

/** Debian's Redis (`apt-get install redis-server`), run as the harness's child, never as the system service. */
export const REDIS_SERVER_BINARY = '/usr/bin/redis-server';

const READY_TIMEOUT_MS = 15_000;

/**
 * A redis-server the harness owns, so a test can stop and restart it without touching the
 * machine's Redis: on a free loopback port, its append-only file in a temporary directory that
 * survives restarts (fsynced on every write, so even a SIGKILL loses no queued job). Stopped by
 * its process id; `dispose()` also deletes the directory.
 *
 *   const redis = await OwnedRedis.create();   // redis.url() → redis://127.0.0.1:<port>/0
 *   await redis.stop();  …  await redis.start();   // same port, same data (or redis.restart())
 *   await redis.dispose();
 */
export class OwnedRedis {
  private process: OwnedProcess | undefined;
  private readonly output = new OutputLog(undefined, 200_000);

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  /** A new, empty Redis, running and answering PING. */
  static async create(): Promise<OwnedRedis> {
    const redis = new OwnedRedis(await freePort(), await mkdtemp(join(tmpdir(), 'sb-redis-')));
    try {
      await redis.start();
    } catch (error) {
      await redis.dispose();
      throw error;
    }
    return redis;
  }

  /** `redis://127.0.0.1:<port>/<db>` */
  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  logs(): string {
    return this.output.text();
  }

  /** Starts it again (after `stop()` or `kill()`) on the same port, with the data it had. */
  async start(): Promise<void> {
    if (this.running) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dataDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no'];
    this.output.push(`\n--- redis-server :${this.port} starting ---\n`);
    const started = new OwnedProcess(REDIS_SERVER_BINARY, args, {}, this.output);
    this.process = started;
    await waitFor(async () => !started.running || (await answersPing(this.port)), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 50, what: `redis-server on :${this.port}` });
    if (!started.running) throw new Error(`redis-server exited during start-up (${JSON.stringify(await started.exited)}):\n${this.logs()}`);
  }

  /** SIGTERM: Redis flushes its append-only file and exits (SIGKILL after a grace period). */
  async stop(): Promise<void> {
    await this.process?.stop();
  }

  /** A restart as an operator makes one: `stop()`, then `start()`. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<void> {
    await this.process?.kill('SIGKILL');
  }

  /** Stops it and deletes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Whether a Redis on `port` answers PING (a raw RESP exchange: no client library needed). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
