import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository's root, where `npm run …` and `node dist/main.js` are run from. */
export const PROJECT_ROOT = resolve(__dirname, '../..');

/** How long a process gets to exit after SIGTERM before it is sent SIGKILL. */
export const STOP_GRACE_MS = 20_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * What a process printed, for failure reports: the last `limitChars` of it (a cluster left running
 * for hours must not hold every access log line), each chunk also handed to `echo` when given.
 */
export class OutputLog {
  private chunks: string[] = [];
  private size = 0;

  constructor(
    private readonly echo?: (chunk: string) => void,
    private readonly limitChars = 4_000_000,
  ) {}

  push(chunk: string): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.echo?.(chunk);
    while (this.size > this.limitChars && this.chunks.length > 1) this.size -= this.chunks.shift()?.length ?? 0;
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** Children still running: killed if this process exits without stopping them (a failed suite calling process.exit, a crash). */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * A child process the tests (or the cluster harness) started and alone stop, by its pid: its
 * output kept for failure reports, its exit awaited.
 */
export class OwnedProcess {
  /** Resolves when the process exits, whoever ended it. */
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;

  /** Starts `command` with `env` added to this process's environment; output goes to `output`. */
  constructor(command: string, args: readonly string[], env: Record<string, string>, private readonly output: OutputLog = new OutputLog()) {
    this.child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: string): void => this.output.push(chunk);
    this.child.stdout?.setEncoding('utf8').on('data', collect);
    this.child.stderr?.setEncoding('utf8').on('data', collect);
    // 'exit' rather than 'close': a grandchild holding the pipes open must not delay it. A spawn
    // that failed (ENOENT) may emit only 'error'.
    liveChildren.add(this.child);
    this.exited = new Promise((resolveExit) => {
      this.child.once('exit', (code, signal) => {
        liveChildren.delete(this.child);
        resolveExit({ code, signal });
      });
      this.child.once('error', (error) => {
        this.output.push(`\n[${command}] ${error.message}\n`);
        if (this.child.pid === undefined) {
          liveChildren.delete(this.child);
          resolveExit({ code: null, signal: null });
        }
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  logs(): string {
    return this.output.text();
  }

  /** Sends `signal` (when still running) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<ExitStatus> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<ExitStatus> {
    if (!this.running) return this.exited;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `command` to its end (its output added to `output`); fails unless it exits 0. */
export async function runToCompletion(command: string, args: readonly string[], env: Record<string, string>, output: OutputLog): Promise<void> {
  output.push(`$ ${command} ${args.join(' ')}\n`);
  const { code, signal } = await new OwnedProcess(command, args, env, output).exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`);
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
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

/** Whether `url` answers 200 now (false on any error or after 2 s). */
export async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
