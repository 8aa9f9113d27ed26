import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/app-config';
import { buildPdf } from '../../../../test/support/pdf';
import { buildDocx } from '../../../../test/support/zip';
import { ExtractionError } from './document-kind';
import { TextExtractor } from './text-extractor.service';

/** The thread loads the TypeScript source through ts-node here: give it time on a loaded machine. */
const SLOW = 60_000;

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

describe('TextExtractor', () => {
  it('extracts in a worker thread', { timeout: SLOW }, async () => {
    const extractor = new TextExtractor(loadConfig({}));

    const document = await extractor.extract('docx', buildDocx([{ text: 'Inside a thread.' }]));

    expect(document.sections).toEqual([{ text: 'Inside a thread.' }]);
  });

  it("reports a paged document's progress from the thread, page by page", { timeout: SLOW }, async () => {
    const progress: number[] = [];

    const document = await new TextExtractor(loadConfig({})).extract('pdf', await buildPdf(['a', 'b', 'c', 'd']), (percent) => progress.push(percent));

    expect(document.pages).toBe(4);
    expect(progress).toEqual([25, 50, 75, 100]);
  });

  it('passes the limits to the thread and returns its failure with its code', { timeout: SLOW }, async () => {
    const extractor = new TextExtractor(loadConfig({ EXTRACT_MAX_TEXT_CHARS: '1000' }));

    const error = await failure(extractor.extract('text', Buffer.alloc(5000, 'a')));

    expect(error.code).toBe('TOO_LARGE');
  });

  it('terminates the thread at the deadline', { timeout: SLOW }, async () => {
    const extractor = new TextExtractor(loadConfig({ EXTRACT_TIMEOUT_S: '1' }));
    // Far more nested markup than a second allows; the thread is stopped, not waited for.
    const html = Buffer.from('<b>x</b>'.repeat(4_000_000));

    expect((await failure(extractor.extract('html', html))).code).toBe('TIMEOUT');
  });

  it('fails a document that needs more memory than the thread may have, and stays usable', { timeout: SLOW }, async () => {
    const extractor = new TextExtractor(loadConfig({ EXTRACT_MAX_MEMORY_MB: '32', EXTRACT_TIMEOUT_S: '50' }));
    const text = Buffer.alloc(12 * 1024 * 1024, 'word ');

    expect(['OUT_OF_MEMORY', 'TOO_LARGE']).toContain((await failure(extractor.extract('text', text))).code);
    // This process is unharmed. (A fresh extractor: loading ts-node, as tests do, may itself need more than 32 MB.)
    expect((await new TextExtractor(loadConfig({})).extract('text', Buffer.from('still here'))).sections).toEqual([{ text: 'still here' }]);
  });
});
