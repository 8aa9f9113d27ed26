import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { trimTrailing } from '../../../common/trim-trailing';

/** Why a tool run failed: its own code, so callers can tell a missing binary from a hostile input. */
export type ToolFailure = 'MISSING' | 'TIMEOUT' | 'OUTPUT_TOO_LARGE' | 'FAILED';

export class ToolError extends Error {
  constructor(
    readonly reason: ToolFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface ToolLimits {
  /** The process is killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** Standard output past this many bytes kills the process. */
  maxOutputBytes: number;
  /** The process's address space (through prlimit, when installed): past it allocations fail. */
  maxMemoryBytes: number;
  signal?: AbortSignal;
}

/** Programs found, by name: looked up once. One not found is looked for again next time (it may be installed meanwhile). */
const found = new Map<string, string>();

/** Where `name` is on PATH (or the path itself when absolute), or null. */
export async function findExecutable(name: string): Promise<string | null> {
  const known = found.get(name);
  if (known) return known;
  const path = await locate(name);
  if (path) found.set(name, path);
  return path;
}

async function locate(name: string): Promise<string | null> {
  const candidates = isAbsolute(name) ? [name] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Runs an installed program on untrusted input: never through a shell (arguments are passed as
 * they are), with `input` on standard input, a deadline after which it is killed, a cap on the
 * output read and, where util-linux's prlimit is installed, on its address space. OpenMP is held
 * to one thread so one OCR run cannot take every core of a shared worker.
 */
export async function runTool(command: string, args: readonly string[], input: Buffer, limits: ToolLimits): Promise<Buffer> {
  const binary = await findExecutable(command);
  if (!binary) throw new ToolError('MISSING', `${command} is not installed (not found on PATH).`);
  const prlimit = await findExecutable('prlimit');
  const [file, argv] = prlimit ? [prlimit, [`--as=${limits.maxMemoryBytes}`, '--', binary, ...args]] : [binary, [...args]];
  return new Promise<Buffer>((resolve, reject) => {
    const child = execFile(
      file,
      argv,
      {
        encoding: 'buffer',
        timeout: limits.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: limits.maxOutputBytes,
        windowsHide: true,
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        ...(limits.signal ? { signal: limits.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const failure = error as Error & { code?: string | number; killed?: boolean };
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new ToolError('OUTPUT_TOO_LARGE', `${command} wrote more than ${limits.maxOutputBytes} bytes.`));
        }
        if (failure.name === 'AbortError') return reject(new ToolError('TIMEOUT', `${command} was stopped: the time allowed ran out.`));
        if (failure.killed) return reject(new ToolError('TIMEOUT', `${command} took longer than ${limits.timeoutMs / 1000} s and was stopped.`));
        const detail = stderr.toString('utf8').trim().split('\n').slice(-2).join(' ').slice(0, 300);
        reject(new ToolError('FAILED', `${command} failed${detail ? `: ${trimTrailing(detail, '.')}` : ` (exit code ${String(failure.code)})`}.`));
      },
    );
    // A program that exits without reading all its input closes the pipe: that is its failure to report, not ours.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}
