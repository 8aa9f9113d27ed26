import { describe, expect, it } from 'vitest';
import { type AppConfig, loadConfig } from '../../../config/app-config';
import { blankPng, imageOnlyPdf, scanOf } from '../../../../test/support/scans';
import { ExtractionError } from './document-kind';
import { dpiFor, OcrService } from './ocr.service';

/** Real tesseract and pdftoppm (Debian's tesseract-ocr and poppler-utils, which .ci/run installs): give them time. */
const SLOW = 60_000;

/** An OcrService whose programs are looked for where they are not. */
class WithoutPrograms extends OcrService {
  constructor(config: AppConfig, missing: 'tesseract' | 'pdftoppm') {
    super(config);
    this.programs[missing] = `/nonexistent/${missing}`;
  }
}

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

describe('OcrService', () => {
  it('reads the text of a scanned image', { timeout: SLOW }, async () => {
    const scan = await scanOf('Invoice 4711 for Zebra Logistics');

    const text = await new OcrService(loadConfig({})).readImage(scan);

    expect(words(text)).toEqual(expect.arrayContaining(['invoice', '4711', 'zebra', 'logistics']));
  });

  it('reads scanned PDF pages, keeping their page numbers and skipping pages with no text', { timeout: SLOW }, async () => {
    const pdf = await imageOnlyPdf([await scanOf('First scanned page about penguins'), blankPng(200, 280), await scanOf('Second page about walruses')]);
    const counts: number[] = [];
    const pages = [1, 2, 3].map((page) => ({ page, width: 595.28, height: 841.89 }));

    const sections = await new OcrService(loadConfig({})).readPdfPages(pdf, pages, (count) => counts.push(count));

    expect(sections.map((section) => section.page)).toEqual([1, 3]);
    expect(words(sections[0]?.text ?? '')).toEqual(expect.arrayContaining(['penguins']));
    expect(words(sections[1]?.text ?? '')).toEqual(expect.arrayContaining(['walruses']));
    expect(counts).toEqual([1, 2, 3]);
  });

  it('fails with OCR_UNAVAILABLE, saying what to install, when tesseract is missing', async () => {
    const error = await failure(new WithoutPrograms(loadConfig({}), 'tesseract').readImage(blankPng(10, 10)));

    expect(error.code).toBe('OCR_UNAVAILABLE');
    expect(error.message).toContain('/nonexistent/tesseract is not installed');
    expect(error.message).toContain("Debian's tesseract-ocr");
  });

  it('fails with OCR_UNAVAILABLE when pdftoppm is missing for a scanned PDF', { timeout: SLOW }, async () => {
    const pdf = await imageOnlyPdf([blankPng(20, 20)]);

    const error = await failure(new WithoutPrograms(loadConfig({}), 'pdftoppm').readPdfPages(pdf, [{ page: 1, width: 595, height: 842 }]));

    expect(error.code).toBe('OCR_UNAVAILABLE');
    expect(error.message).toContain('/nonexistent/pdftoppm is not installed');
  });

  it('fails with OCR_UNAVAILABLE when none of the configured languages is installed', async () => {
    const error = await failure(new OcrService(loadConfig({ OCR_LANGUAGES: 'tlh+qya' })).readImage(blankPng(10, 10)));

    expect(error).toMatchObject({ code: 'OCR_UNAVAILABLE', message: expect.stringContaining('No tesseract language data is installed for tlh, qya') });
  });

  it('uses the configured languages that are installed and skips the others', { timeout: SLOW }, async () => {
    const text = await new OcrService(loadConfig({ OCR_LANGUAGES: 'tlh+eng' })).readImage(await scanOf('Readable words'));

    expect(words(text)).toEqual(expect.arrayContaining(['readable', 'words']));
  });

  it('fails a broken image as CORRUPT, and never hands tesseract bytes that are not an image', { timeout: SLOW }, async () => {
    const ocr = new OcrService(loadConfig({}));
    const png = blankPng(50, 50);

    expect((await failure(ocr.readImage(Buffer.concat([png.subarray(0, 40), Buffer.from('\n/etc/passwd\n')])))).code).toBe('CORRUPT');
    // tesseract would take this for a list of files to read.
    expect(await failure(ocr.readImage(Buffer.from('/etc/passwd\n')))).toMatchObject({ code: 'CORRUPT', message: 'The file is not an image OCR can read.' });
  });

  it('refuses an image declaring more than 50 megapixels before decoding it (a decompression bomb)', async () => {
    const bomb = Buffer.from(blankPng(1, 1));
    bomb.writeUInt32BE(60_000, 16);
    bomb.writeUInt32BE(60_000, 20);

    const error = await failure(new WithoutPrograms(loadConfig({}), 'tesseract').readImage(bomb));

    expect(error).toMatchObject({ code: 'TOO_LARGE', message: 'The image has 60000 × 60000 pixels; OCR reads images of up to 50 megapixels.' });
  });

  it('fails with TIMEOUT when OCR of a file runs past OCR_TIMEOUT_S', { timeout: SLOW }, async () => {
    const pdf = await imageOnlyPdf([await scanOf('One'), await scanOf('Two'), await scanOf('Three')]);
    const pages = [1, 2, 3, 1, 2, 3, 1, 2, 3].map((page) => ({ page, width: 595, height: 842 }));

    expect((await failure(new OcrService(loadConfig({ OCR_TIMEOUT_S: '1' })).readPdfPages(pdf, pages))).code).toBe('TIMEOUT');
  });

  it('refuses more scanned pages than OCR_MAX_PAGES before reading any', async () => {
    const pages = [1, 2, 3].map((page) => ({ page, width: 595, height: 842 }));

    const error = await failure(new WithoutPrograms(loadConfig({ OCR_MAX_PAGES: '2' }), 'pdftoppm').readPdfPages(Buffer.alloc(0), pages));

    expect(error).toMatchObject({ code: 'TOO_LARGE', message: 'The PDF has 3 scanned pages; OCR reads at most 2.' });
  });

  it('rasterises at 200 DPI unless the page would pass 4000 pixels a side', () => {
    expect(dpiFor({ width: 595, height: 842 })).toBe(200);
    // A 200-inch poster: rendered small, not at 40,000 pixels.
    expect(dpiFor({ width: 14_400, height: 14_400 })).toBe(20);
    expect(dpiFor({ width: 14_400_000, height: 1 })).toBe(1);
  });
});
