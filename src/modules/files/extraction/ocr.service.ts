import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { imageKindOf } from './detect-type';
import { ExtractionError, type ScannedPage, type TextSection } from './document-kind';
import { runTool, ToolError, type ToolLimits } from './external-tool';
import { imageSize } from './image-size';
import { normalizeSpace } from './markup';

/** Resolution scanned pages are rasterised at: tesseract reads text of 10 pt and up well from 200 DPI. */
const OCR_DPI = 200;
/** The longest side of a rasterised page, in pixels: an enormous page is rendered at a lower DPI, never bigger. */
const MAX_PAGE_PIXELS = 4000;
/** The address space one tesseract or pdftoppm run may take (a huge or hostile image fails its file alone). */
const TOOL_MEMORY_BYTES = 1024 * 1024 * 1024;
/** What one rasterised page (an 8-bit grey PNG of at most 4000 × 4000 pixels) or one page's text may weigh. */
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
/** The largest image OCR decodes, in pixels (a 50-megapixel photo): a header declaring more is a bomb or needs no OCR. */
const MAX_IMAGE_PIXELS = 50_000_000;
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

const INSTALL_HINT = "an administrator can install Debian's tesseract-ocr with its language packs (tesseract-ocr-eng …) and poppler-utils";

/**
 * Optical character recognition: Debian's tesseract reads images, and pdftoppm (poppler-utils)
 * rasterises scanned PDF pages for it. Both run as child processes (external-tool.ts: no shell,
 * a deadline, a memory cap, bounded output), so a hostile image costs one process, not the worker.
 * A missing program fails the file with OCR_UNAVAILABLE.
 */
@Injectable()
export class OcrService {
  /** The programs run, by name on PATH (a test points one at a path that does not exist). */
  protected readonly programs = { tesseract: 'tesseract', pdftoppm: 'pdftoppm' };
  private languages: Promise<string> | undefined;

  constructor(private readonly config: AppConfig) {}

  /** The text of an image (PNG, JPEG, GIF, WebP, TIFF). */
  async readImage(data: Buffer): Promise<string> {
    // tesseract takes input it does not recognise as an image for a list of file names to read.
    if (!imageKindOf(data)) throw new ExtractionError('CORRUPT', 'The file is not an image OCR can read.');
    const size = imageSize(data);
    if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
      throw new ExtractionError('TOO_LARGE', `The image has ${size.width} × ${size.height} pixels; OCR reads images of up to ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`);
    }
    const deadline = AbortSignal.timeout(this.config.files.ocr.timeoutMs);
    return this.recognize(data, await this.languagesToUse(), deadline);
  }

  /**
   * The text of scanned PDF pages, one section per page that has some (page numbers kept), telling
   * `onPageRead` the count read so far. More pages than OCR_MAX_PAGES fail the file rather than
   * leaving pages unread.
   */
  async readPdfPages(pdf: Buffer, pages: readonly ScannedPage[], onPageRead: (count: number) => void = () => undefined): Promise<TextSection[]> {
    const { maxPages, timeoutMs } = this.config.files.ocr;
    if (pages.length > maxPages) throw new ExtractionError('TOO_LARGE', `The PDF has ${pages.length} scanned pages; OCR reads at most ${maxPages}.`);
    const languages = await this.languagesToUse();
    const deadline = AbortSignal.timeout(timeoutMs);
    const sections: TextSection[] = [];
    for (const [i, scanned] of pages.entries()) {
      const image = await this.run(
        this.programs.pdftoppm,
        ['-f', String(scanned.page), '-l', String(scanned.page), '-r', String(dpiFor(scanned)), '-gray', '-png', '-singlefile', '-'],
        pdf,
        MAX_IMAGE_BYTES,
        deadline,
      );
      const text = await this.recognize(image, languages, deadline);
      if (text) sections.push({ page: scanned.page, text });
      onPageRead(i + 1);
    }
    return sections;
  }

  private async recognize(image: Buffer, languages: string, deadline: AbortSignal): Promise<string> {
    const output = await this.run(this.programs.tesseract, ['stdin', 'stdout', '-l', languages], image, MAX_TEXT_BYTES, deadline);
    return normalizeSpace(output.toString('utf8'));
  }

  /** The configured languages whose data is installed, `+`-joined; asked of tesseract once. */
  private languagesToUse(): Promise<string> {
    this.languages ??= this.installedLanguages().catch((error: unknown) => {
      this.languages = undefined;
      throw error;
    });
    return this.languages;
  }

  private async installedLanguages(): Promise<string> {
    const listed = await this.run(this.programs.tesseract, ['--list-langs'], Buffer.alloc(0), 64 * 1024, AbortSignal.timeout(this.config.files.extraction.timeoutMs));
    // The first line names the directory; each further line is one language.
    const installed = new Set(listed.toString('utf8').split('\n').slice(1).map((line) => line.trim()));
    const wanted = this.config.files.ocr.languages;
    const usable = wanted.filter((language) => installed.has(language));
    if (usable.length === 0) {
      throw new ExtractionError('OCR_UNAVAILABLE', `No tesseract language data is installed for ${wanted.join(', ')} (OCR_LANGUAGES); ${INSTALL_HINT}.`);
    }
    return usable.join('+');
  }

  private async run(command: string, args: string[], input: Buffer, maxOutputBytes: number, deadline: AbortSignal): Promise<Buffer> {
    const limits: ToolLimits = { timeoutMs: this.config.files.extraction.timeoutMs, maxOutputBytes, maxMemoryBytes: TOOL_MEMORY_BYTES, signal: deadline };
    try {
      return await runTool(command, args, input, limits);
    } catch (error) {
      throw asExtractionError(error);
    }
  }
}

/** The DPI that renders a page at OCR_DPI unless its longest side would pass MAX_PAGE_PIXELS. */
export function dpiFor(page: Pick<ScannedPage, 'width' | 'height'>): number {
  const longestInches = Math.max(page.width, page.height, 1) / 72;
  return Math.max(1, Math.min(OCR_DPI, Math.floor(MAX_PAGE_PIXELS / longestInches)));
}

function asExtractionError(error: unknown): unknown {
  if (!(error instanceof ToolError)) return error;
  switch (error.reason) {
    case 'MISSING':
      return new ExtractionError('OCR_UNAVAILABLE', `${error.message} OCR needs it: ${INSTALL_HINT}.`);
    case 'TIMEOUT':
      return new ExtractionError('TIMEOUT', `OCR ran out of time: ${error.message}`);
    case 'OUTPUT_TOO_LARGE':
      return new ExtractionError('TOO_LARGE', `OCR produced too much: ${error.message}`);
    case 'FAILED':
      return new ExtractionError('CORRUPT', `The image cannot be read: ${error.message}`);
  }
}
