import { Injectable } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfig } from '../../../config/app-config';
import { ExtractionError, type DocumentKind, type ExtractedDocument, type ParsedDocument, type ParsedKind, type ProgressListener } from './document-kind';
import type { ExtractionReply, ExtractionRequest } from './extraction-worker';
import { OcrService } from './ocr.service';
import { TikaClient } from './tika.client';
import { extractPlainText } from './text-formats';
import { Transcriber } from './transcriber.service';

/** The file a text is read from: whose (their model bindings) and its stored type and name. */
export interface SourceFile {
  userId: string;
  mime: string;
  name: string;
}

/**
 * The thread's entry next to this file: compiled JavaScript in a build; under ts-node or vitest
 * the TypeScript source, through ts-node's TypeScript transpiler (development and tests only).
 * Not its swc transpiler: loading swc's native addon in one short-lived thread after another
 * crashed the whole process within a few extractions.
 */
const ENTRY = join(__dirname, `extraction-worker${extname(__filename)}`);
const FROM_SOURCE = ENTRY.endsWith('.ts');

/**
 * Reads a file's text by its kind. Documents are parsed in a worker thread of their own: the
 * thread's heap is capped (EXTRACT_MAX_MEMORY_MB) and it is terminated at the deadline
 * (EXTRACT_TIMEOUT_S), so a file that explodes in memory or loops (a zip bomb, a pathological PDF)
 * fails with a code while the queue worker's own event loop and heap stay untouched. Images and
 * a PDF's scanned pages are OCR'd by tesseract in child processes (OcrService), audio is
 * transcribed by the SOUND2TEXT model, and RTF, EPUB and legacy Office files go to Apache Tika.
 */
@Injectable()
export class TextExtractor {
  constructor(
    private readonly config: AppConfig,
    private readonly ocr: OcrService,
    private readonly transcriber: Transcriber,
    private readonly tika: TikaClient,
  ) {}

  /** The text of `file`, whose bytes are `data` and whose kind is `kind` (documentKindOf its type). */
  async read(file: SourceFile, kind: DocumentKind, data: Buffer, onProgress: ProgressListener = () => undefined): Promise<ExtractedDocument> {
    switch (kind) {
      case 'image':
        return this.bounded(extractPlainText(await this.ocr.readImage(data)));
      case 'audio':
        return this.bounded(extractPlainText(await this.transcriber.transcribe(file.userId, { data, mime: file.mime, fileName: file.name })));
      case 'tika':
        return this.bounded(extractPlainText(await this.tika.extract(data, file.mime)));
      default:
        return this.withScannedPages(data, await this.extract(kind, data, onProgress), onProgress);
    }
  }

  /** A PDF's scanned pages OCR'd into their places among the text-layer pages. */
  private async withScannedPages(pdf: Buffer, parsed: ParsedDocument, onProgress: ProgressListener): Promise<ExtractedDocument> {
    const { scannedPages, ...document } = parsed;
    if (!scannedPages) return document;
    const total = document.pages ?? scannedPages.length;
    const textPages = total - scannedPages.length;
    const read = await this.ocr.readPdfPages(pdf, scannedPages, (count) => onProgress(Math.floor(((textPages + count) / total) * 100)));
    const sections = [...document.sections, ...read].sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
    return this.bounded({ ...document, sections });
  }

  /** Text made outside the thread is held to the same EXTRACT_MAX_TEXT_CHARS. */
  private bounded(document: ExtractedDocument): ExtractedDocument {
    const { maxTextChars } = this.config.files.extraction;
    const chars = document.sections.reduce((sum, section) => sum + section.text.length, 0);
    if (chars > maxTextChars) throw new ExtractionError('TOO_LARGE', `The document holds more than ${maxTextChars} characters of text.`);
    return document;
  }

  /** Parses a document in the extraction thread: its text layer, and (PDF) the scanned pages left for OCR. */
  extract(kind: ParsedKind, data: Buffer, onProgress: ProgressListener = () => undefined): Promise<ParsedDocument> {
    const { timeoutMs, maxMemoryMb, ...limits } = this.config.files.extraction;
    const request: ExtractionRequest = { kind, data: new Uint8Array(data), limits };
    const worker = new Worker(FROM_SOURCE ? `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(ENTRY)});` : ENTRY, {
      eval: FROM_SOURCE,
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(maxMemoryMb / 4)), stackSizeMb: 4 },
    });
    return new Promise<ParsedDocument>((resolve, reject) => {
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
