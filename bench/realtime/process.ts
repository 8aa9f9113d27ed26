/**
 * The bench's child processes: how they are started (their own file descriptor limit, an IPC
 * channel) and how the orchestrator calls them (`Remote.call`, answered by `serve` in the child).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/**
 * Each process holds up to 5,000 sockets (plus Redis and database connections). The shell raises
 * the limit when it may (root may raise the hard limit too) and otherwise keeps the inherited one.
 */
const FD_LIMIT = 65_535;
const STOP_TIMEOUT_MS = 15_000;

/** Where compileHelpers() writes the helpers, beside the server's build (dist/, which node_modules resolves from). */
const HELPERS_OUT = resolve(ROOT, 'dist/bench/bench/realtime');

/**
 * Compiles the bench's helper processes (clients, publisher, raw server) to JavaScript with
 * bench/realtime/tsconfig.json, types unchecked (lint and `tsc --noEmit` check them): every
 * process whose figures the bench compares then runs compiled code, as the product's web nodes
 * (dist/main.js) do, and none carries the TypeScript compiler that ts-node keeps in its heap.
 */
export async function compileHelpers(): Promise<void> {
  const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', resolve(ROOT, 'bench/realtime/tsconfig.json')], { cwd: ROOT, stdio: 'inherit' });
  const [code] = (await once(tsc, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`compiling the bench's helpers failed (tsc exited with ${code})`);
}

/** The compiled helper `name` (clients, publisher or raw-server), for startNode. */
export function helperScript(name: 'clients' | 'publisher' | 'raw-server'): string {
  return resolve(HELPERS_OUT, `${name}.js`);
}

export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends SIGTERM, then SIGKILL when it has not exited within STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/**
 * `node <args>` with `env` added to the bench's environment, under a raised `ulimit -n`. The
 * shell `exec`s node, so the pid is node's (for /proc reads and signals). With `ipc` the child
 * gets a channel for `serve` (advanced serialization: typed arrays cross it as they are).
 */
export function startNode(args: string[], env: Record<string, string>, { ipc = false, quiet = false } = {}): NodeProcess {
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} 2>/dev/null; exec "$@"`, 'sh', process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit', ...(ipc ? (['ipc'] as const) : [])],
    serialization: 'advanced',
  });
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  return {
    child,
    pid: child.pid,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The resident set size of a process, in bytes, as the kernel counts it. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** CPU time (ms, summed over cores) the whole machine has spent busy so far: /proc/stat without idle and iowait. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const busy = ticks.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return (busy * 1000) / USER_HZ;
}

/** The soft limit on open files the children get (after the raise above). */
export async function childFdLimit(): Promise<number> {
  const probe = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} 2>/dev/null; ulimit -n`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  probe.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await once(probe, 'exit');
  return Number(out.trim());
}

// --- RPC over the IPC channel ---------------------------------------------------------------

/** What a helper process offers: named async methods taking one (structured-cloneable) argument. */
type Methods = Record<string, (arg: never) => Promise<unknown>>;

interface Call {
  id: number;
  method: string;
  arg: unknown;
}

type Answer = { id: number; result: unknown } | { id: number; error: string };

/** In a helper process: answers the orchestrator's calls with `methods`; `exit` ends the process. */
export function serve(methods: Methods): void {
  const send = (answer: Answer): Promise<void> =>
    new Promise((resolvePromise) => {
      process.send?.(answer, undefined, {}, () => resolvePromise());
    });
  process.on('message', (message: Call) => {
    if (message.method === 'exit') {
      void send({ id: message.id, result: undefined }).then(() => process.exit(0));
      return;
    }
    const method = methods[message.method];
    Promise.resolve()
      .then(() => {
        if (!method) throw new Error(`no method ${message.method}`);
        return method(message.arg as never);
      })
      .then(
        (result) => send({ id: message.id, result }),
        (error: unknown) => send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The orchestrator went away (it crashed, or was interrupted): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}

/** In the orchestrator: a helper process started with `ipc`, called through its `Methods` type. */
export class Remote<M extends Methods> {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    readonly name: string,
    readonly process: NodeProcess,
  ) {
    process.child.on('message', (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if ('error' in answer) waiting.reject(new Error(`${name}: ${answer.error}`));
      else waiting.resolve(answer.result);
    });
    process.child.on('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  call<K extends keyof M & string>(method: K, arg: Parameters<M[K]>[0]): Promise<Awaited<ReturnType<M[K]>>> {
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise as (value: unknown) => void, reject });
      this.process.child.send({ id, method, arg } satisfies Call);
    });
  }

  /** Asks the helper to exit, and waits for it (stopping it if it has not gone within a few seconds). */
  async exit(): Promise<void> {
    if (this.process.child.connected) {
      const id = this.nextId++;
      this.process.child.send({ id, method: 'exit', arg: undefined } satisfies Call);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.process.exited, new Promise((resolvePromise) => (timer = setTimeout(resolvePromise, 5_000)))]);
      clearTimeout(timer);
    }
    await this.process.stop();
  }
}
