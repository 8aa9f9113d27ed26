import { Injectable } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfig } from '../../../config/app-config';
import { ExtractionError, type DocumentKind, type ExtractedDocument, type ProgressListener } from './document-kind';
import type { ExtractionReply, ExtractionRequest } from './extraction-worker';

/**
 * The thread's entry next to this file: compiled JavaScript in a build; under ts-node or vitest
 * the TypeScript source, through ts-node's TypeScript transpiler (development and tests only).
 * Not its swc transpiler: loading swc's native addon in one short-lived thread after another
 * crashed the whole process within a few extractions.
 */
const ENTRY = join(__dirname, `extraction-worker${extname(__filename)}`);
const FROM_SOURCE = ENTRY.endsWith('.ts');

/**
 * Extracts a document's text in a worker thread of its own: the thread's heap is capped
 * (EXTRACT_MAX_MEMORY_MB) and it is terminated at the deadline (EXTRACT_TIMEOUT_S), so a file
 * that explodes in memory or loops (a zip bomb, a pathological PDF) fails with a code while the
 * queue worker's own event loop and heap stay untouched.
 */
@Injectable()
export class TextExtractor {
  constructor(private readonly config: AppConfig) {}

  extract(kind: DocumentKind, data: Buffer, onProgress: ProgressListener = () => undefined): Promise<ExtractedDocument> {
    const { timeoutMs, maxMemoryMb, ...limits } = this.config.files.extraction;
    const request: ExtractionRequest = { kind, data: new Uint8Array(data), limits };
    const worker = new Worker(FROM_SOURCE ? `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(ENTRY)});` : ENTRY, {
      eval: FROM_SOURCE,
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(maxMemoryMb / 4)), stackSizeMb: 4 },
    });
    return new Promise<ExtractedDocument>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        void worker.terminate();
        outcome();
      };
      const deadline = setTimeout(
        () => settle(() => reject(new ExtractionError('TIMEOUT', `Reading the document took longer than ${Math.round(timeoutMs / 1000)} s.`))),
        timeoutMs,
      );
      worker.on('message', (reply: ExtractionReply) => {
        if ('progress' in reply) {
          if (!settled) onProgress(reply.progress);
          return;
        }
        settle(() => (reply.ok ? resolve(reply.document) : reject(new ExtractionError(reply.code, reply.message))));
      });
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ExtractionError('OUT_OF_MEMORY', `Reading the document needed more than ${maxMemoryMb} MB.`)
              : new ExtractionError('CORRUPT', `The document cannot be read: ${error.message}`),
          ),
        ),
      );
      worker.on('exit', (code) => settle(() => reject(new ExtractionError('CORRUPT', `The reader stopped (exit code ${code}) before finishing.`))));
    });
  }
}
