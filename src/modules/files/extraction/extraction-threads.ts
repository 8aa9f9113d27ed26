import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExtractionError, type ParsedDocument, type ProgressListener } from './document-kind';
import type { ExtractionReply, ExtractionRequest } from './extraction-worker';

/**
 * The thread's entry next to this file: compiled JavaScript in a build; under ts-node or vitest
 * the TypeScript source, through ts-node's TypeScript transpiler (development and tests only).
 * Not its swc transpiler: loading swc's native addon in one short-lived thread after another
 * crashed the whole process within a few extractions.
 */
const ENTRY = join(__dirname, `extraction-worker${extname(__filename)}`);
const FROM_SOURCE = ENTRY.endsWith('.ts');

/** Documents one thread reads before it is replaced: whatever a parser caches cannot pile up for long. */
const DOCUMENTS_PER_THREAD = 25;
/** Threads kept warm between documents, and how long one may wait idle before it ends. */
const MAX_IDLE_THREADS = 2;
const IDLE_TIMEOUT_MS = 60_000;

export interface ThreadLimits {
  timeoutMs: number;
  maxMemoryMb: number;
  /** Documents read at once; more wait their turn (default: one per core, parsing is all CPU). */
  maxThreads?: number;
}

interface Thread {
  worker: Worker;
  documents: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Extraction threads, kept warm: starting a thread and loading the parsers into it costs more than
 * reading a typical document (about a second against a fifth of one for 40 PDF pages), so a
 * thread that read a document cleanly reads the next one too, up to DOCUMENTS_PER_THREAD. Each
 * thread's heap is capped and each document has a deadline; a thread that failed, ran out of
 * memory or overran is terminated, never reused, so one hostile file cannot affect the next. At
 * most one document per core is parsed at once: more would only slow each other down (and each
 * start a cold thread), so the others wait their turn, their deadline not yet running.
 */
export class ExtractionThreads {
  private readonly idle: Thread[] = [];
  private readonly maxThreads: number;
  private reading = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ThreadLimits) {
    this.maxThreads = Math.max(1, limits.maxThreads ?? availableParallelism());
  }

  async read(request: ExtractionRequest, onProgress: ProgressListener): Promise<ParsedDocument> {
    if (this.reading >= this.maxThreads) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.reading++;
    try {
      return await this.readOnThread(request, onProgress);
    } finally {
      this.reading--;
      this.waiting.shift()?.();
    }
  }

  private readOnThread(request: ExtractionRequest, onProgress: ProgressListener): Promise<ParsedDocument> {
    const thread = this.take();
    const { worker } = thread;
    const { timeoutMs, maxMemoryMb } = this.limits;
    return new Promise<ParsedDocument>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable) this.giveBack(thread);
        else void worker.terminate();
        outcome();
      };
      const deadline = setTimeout(
        () => settle(() => reject(new ExtractionError('TIMEOUT', `Reading the document took longer than ${Math.round(timeoutMs / 1000)} s.`)), false),
        timeoutMs,
      );
      const onMessage = (reply: ExtractionReply): void => {
        if ('progress' in reply) {
          if (!settled) onProgress(reply.progress);
          return;
        }
        // Only a clean read leaves the thread as it was; a document that failed may have left it anyhow.
        settle(() => (reply.ok ? resolve(reply.document) : reject(new ExtractionError(reply.code, reply.message))), reply.ok);
      };
      const onError = (error: Error & { code?: string }): void =>
        settle(
          () =>
            reject(
              error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? new ExtractionError('OUT_OF_MEMORY', `Reading the document needed more than ${maxMemoryMb} MB.`)
                : new ExtractionError('CORRUPT', `The document cannot be read: ${error.message}`),
            ),
          false,
        );
      const onExit = (code: number): void => settle(() => reject(new ExtractionError('CORRUPT', `The reader stopped (exit code ${code}) before finishing.`)), false);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      thread.documents++;
      worker.postMessage(request);
    });
  }

  /** Ends the idle threads (the module is shutting down). */
  async close(): Promise<void> {
    const threads = this.idle.splice(0);
    await Promise.all(threads.map((thread) => this.end(thread)));
  }

  private take(): Thread {
    const warm = this.idle.pop();
    if (warm) {
      clearTimeout(warm.idleTimer);
      warm.worker.ref();
      return warm;
    }
    const { maxMemoryMb } = this.limits;
    const worker = new Worker(FROM_SOURCE ? `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(ENTRY)});` : ENTRY, {
      eval: FROM_SOURCE,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(maxMemoryMb / 4)), stackSizeMb: 4 },
    });
    const thread: Thread = { worker, documents: 0 };
    // Between documents nobody listens: a thread that dies idle just leaves the pool (and an
    // unheard 'error' event would otherwise throw in this process).
    worker.on('error', () => undefined).on('exit', () => {
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      clearTimeout(thread.idleTimer);
    });
    return thread;
  }

  private giveBack(thread: Thread): void {
    if (thread.documents >= DOCUMENTS_PER_THREAD || this.idle.length >= MAX_IDLE_THREADS) {
      void this.end(thread);
      return;
    }
    // An idle thread neither keeps the process alive nor lingers once work stops coming.
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => {
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      void this.end(thread);
    }, IDLE_TIMEOUT_MS).unref();
    this.idle.push(thread);
  }

  private async end(thread: Thread): Promise<void> {
    clearTimeout(thread.idleTimer);
    await thread.worker.terminate();
  }
}
