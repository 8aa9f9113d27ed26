import { describe, expect, it } from 'vitest';
import { type AppConfig, loadConfig } from '../../../config/app-config';
import { buildPdf } from '../../../../test/support/pdf';
import { blankPng, mixedPdf } from '../../../../test/support/scans';
import { buildDocx } from '../../../../test/support/zip';
import { ExtractionError, type ScannedPage, type TextSection } from './document-kind';
import type { OcrService } from './ocr.service';
import { TextExtractor } from './text-extractor.service';
import type { TikaClient } from './tika.client';
import type { Transcriber } from './transcriber.service';

/** The thread loads the TypeScript source through ts-node here: give it time on a loaded machine. */
const SLOW = 60_000;

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

/** OCR, transcription and Tika answering as told, recording what they were asked. */
class FakeReaders {
  readonly asked: string[] = [];
  scannedPages: ScannedPage[] = [];

  readonly ocr = {
    readImage: (data: Buffer) => {
      this.asked.push(`ocr image ${data.length}`);
      return Promise.resolve('Text on the image.\n\nSecond paragraph.');
    },
    readPdfPages: (_pdf: Buffer, pages: ScannedPage[], onPageRead: (count: number) => void): Promise<TextSection[]> => {
      this.scannedPages = pages;
      pages.forEach((_, i) => onPageRead(i + 1));
      return Promise.resolve(pages.map((page) => ({ page: page.page, text: `OCR of page ${page.page}` })));
    },
  } as unknown as OcrService;

  readonly transcriber = {
    transcribe: (userId: string, audio: { mime: string; fileName: string }) => {
      this.asked.push(`transcribe ${userId} ${audio.mime} ${audio.fileName}`);
      return Promise.resolve('Hello from the recording.');
    },
  } as unknown as Transcriber;

  readonly tika = {
    extract: (_data: Buffer, mime: string) => {
      this.asked.push(`tika ${mime}`);
      return Promise.resolve('x'.repeat(2000));
    },
  } as unknown as TikaClient;
}

function extractorOf(config: AppConfig, readers = new FakeReaders()): TextExtractor {
  return new TextExtractor(config, readers.ocr, readers.transcriber, readers.tika);
}

const OWNER = { userId: 'user-1', mime: 'audio/mpeg', name: 'memo.mp3' };

describe('TextExtractor', () => {
  it('extracts in a worker thread', { timeout: SLOW }, async () => {
    const extractor = extractorOf(loadConfig({}));

    const document = await extractor.extract('docx', buildDocx([{ text: 'Inside a thread.' }]));

    expect(document.sections).toEqual([{ text: 'Inside a thread.' }]);
  });

  it("reports a paged document's progress from the thread, page by page", { timeout: SLOW }, async () => {
    const progress: number[] = [];

    const document = await extractorOf(loadConfig({})).extract('pdf', await buildPdf(['a', 'b', 'c', 'd']), (percent) => progress.push(percent));

    expect(document.pages).toBe(4);
    expect(progress).toEqual([25, 50, 75, 100]);
  });

  it('passes the limits to the thread and returns its failure with its code', { timeout: SLOW }, async () => {
    const extractor = extractorOf(loadConfig({ EXTRACT_MAX_TEXT_CHARS: '1000' }));

    const error = await failure(extractor.extract('text', Buffer.alloc(5000, 'a')));

    expect(error.code).toBe('TOO_LARGE');
  });

  it('terminates the thread at the deadline', { timeout: SLOW }, async () => {
    const extractor = extractorOf(loadConfig({ EXTRACT_TIMEOUT_S: '1' }));
    // Far more nested markup than a second allows; the thread is stopped, not waited for.
    const html = Buffer.from('<b>x</b>'.repeat(4_000_000));

    expect((await failure(extractor.extract('html', html))).code).toBe('TIMEOUT');
  });

  it('fails a document that needs more memory than the thread may have, and stays usable', { timeout: SLOW }, async () => {
    const extractor = extractorOf(loadConfig({ EXTRACT_MAX_MEMORY_MB: '32', EXTRACT_TIMEOUT_S: '50' }));
    const text = Buffer.alloc(12 * 1024 * 1024, 'word ');

    expect(['OUT_OF_MEMORY', 'TOO_LARGE']).toContain((await failure(extractor.extract('text', text))).code);
    // This process is unharmed. (A fresh extractor: loading ts-node, as tests do, may itself need more than 32 MB.)
    expect((await extractorOf(loadConfig({})).extract('text', Buffer.from('still here'))).sections).toEqual([{ text: 'still here' }]);
  });

  it('reads an image by OCR, audio by transcription for its owner and Tika formats through Tika, as paragraphs', async () => {
    const readers = new FakeReaders();
    const extractor = extractorOf(loadConfig({}), readers);

    expect((await extractor.read(OWNER, 'image', Buffer.from('png'))).sections).toEqual([{ text: 'Text on the image.\n\nSecond paragraph.' }]);
    expect((await extractor.read(OWNER, 'audio', Buffer.from('mp3'))).sections).toEqual([{ text: 'Hello from the recording.' }]);
    expect((await extractor.read({ ...OWNER, mime: 'application/rtf' }, 'tika', Buffer.from('{\\rtf1}'))).sections[0]?.text).toHaveLength(2000);
    expect(readers.asked).toEqual(['ocr image 3', 'transcribe user-1 audio/mpeg memo.mp3', 'tika application/rtf']);
  });

  it('holds text made outside the thread to EXTRACT_MAX_TEXT_CHARS', async () => {
    const extractor = extractorOf(loadConfig({ EXTRACT_MAX_TEXT_CHARS: '1000' }));

    expect((await failure(extractor.read({ ...OWNER, mime: 'application/msword' }, 'tika', Buffer.from('doc')))).code).toBe('TOO_LARGE');
  });

  it("OCRs a PDF's scanned pages into their places, counting them in the progress", { timeout: SLOW }, async () => {
    const readers = new FakeReaders();
    const progress: number[] = [];
    const pdf = await mixedPdf('The typed cover page.', [blankPng(40, 40, 0x80), blankPng(40, 40, 0x80)]);

    const document = await extractorOf(loadConfig({}), readers).read({ ...OWNER, mime: 'application/pdf' }, 'pdf', pdf, (percent) => progress.push(percent));

    expect(readers.scannedPages.map((page) => page.page)).toEqual([2, 3]);
    expect(readers.scannedPages[0]).toMatchObject({ width: 595.28, height: 841.89 });
    expect(document).toEqual({
      pages: 3,
      sections: [
        { page: 1, text: 'The typed cover page.' },
        { page: 2, text: 'OCR of page 2' },
        { page: 3, text: 'OCR of page 3' },
      ],
    });
    // Pages 2 and 3 count as read once OCR has read them, not when the thread passed them.
    expect(progress).toEqual([33, 33, 33, 66, 100]);
  });
});
