import { parentPort } from 'node:worker_threads';
import { ExtractionError, type ExtractionLimits, type ParsedKind } from './document-kind';
import { extractDocument } from './extract-document';

/** What TextExtractor sends the thread, and what the thread answers. */
export interface ExtractionRequest {
  kind: ParsedKind;
  data: Uint8Array;
  limits: ExtractionLimits;
}

export type ExtractionReply =
  | { progress: number }
  | { ok: true; document: Awaited<ReturnType<typeof extractDocument>> }
  | { ok: false; code: ExtractionError['code']; message: string };

/**
 * The extraction thread's entry: reads the documents it is sent, one at a time, and posts each
 * result. It runs apart from the worker's event loop, under a heap cap and a deadline the parent
 * enforces by terminating it (ExtractionThreads), which also decides when the thread is replaced.
 */
if (parentPort) {
  const port = parentPort;
  port.on('message', (request: ExtractionRequest) => {
    const data = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    extractDocument(request.kind, data, request.limits, (progress) => port.postMessage({ progress } satisfies ExtractionReply)).then(
      (document) => port.postMessage({ ok: true, document } satisfies ExtractionReply),
      (error: unknown) =>
        port.postMessage(
          (error instanceof ExtractionError
            ? { ok: false, code: error.code, message: error.message }
            : { ok: false, code: 'CORRUPT', message: `The document cannot be read: ${error instanceof Error ? error.message : String(error)}` }) satisfies ExtractionReply,
        ),
    );
  });
}
