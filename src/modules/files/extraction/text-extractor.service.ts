import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { ExtractionError, type DocumentKind, type ExtractedDocument, type ParsedDocument, type ParsedKind, type ProgressListener } from './document-kind';
import { ExtractionThreads } from './extraction-threads';
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
 * Reads a file's text by its kind. Documents are parsed in a worker thread of their own: the
 * thread's heap is capped (EXTRACT_MAX_MEMORY_MB) and it is terminated at the deadline
 * (EXTRACT_TIMEOUT_S), so a file that explodes in memory or loops (a zip bomb, a pathological PDF)
 * fails with a code while the queue worker's own event loop and heap stay untouched. Images and
 * a PDF's scanned pages are OCR'd by tesseract in child processes (OcrService), audio is
 * transcribed by the SOUND2TEXT model, and RTF, EPUB and legacy Office files go to Apache Tika.
 */
@Injectable()
export class TextExtractor implements OnModuleDestroy {
  private readonly threads: ExtractionThreads;

  constructor(
    private readonly config: AppConfig,
    private readonly ocr: OcrService,
    private readonly transcriber: Transcriber,
    private readonly tika: TikaClient,
  ) {
    const { timeoutMs, maxMemoryMb } = config.files.extraction;
    this.threads = new ExtractionThreads({ timeoutMs, maxMemoryMb });
  }

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

  /** Parses a document in an extraction thread: its text layer, and (PDF) the scanned pages left for OCR. */
  extract(kind: ParsedKind, data: Buffer, onProgress: ProgressListener = () => undefined): Promise<ParsedDocument> {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the thread's own bounds, which ExtractionThreads applies
    const { timeoutMs, maxMemoryMb, ...limits } = this.config.files.extraction;
    return this.threads.read({ kind, data: new Uint8Array(data), limits }, onProgress);
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }

}
