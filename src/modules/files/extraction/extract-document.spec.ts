import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../../test/support/pdf';
import { blankPng, imageOnlyPdf, mixedPdf } from '../../../../test/support/scans';
import { buildDocx, buildXlsx, buildZip, deflatedZeros } from '../../../../test/support/zip';
import { ExtractionError, type ExtractionLimits } from './document-kind';
import { extractDocument } from './extract-document';

const LIMITS: ExtractionLimits = { maxExpandedBytes: 1024 * 1024, maxEntries: 50, maxPages: 10, maxTextChars: 100_000 };

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

describe('extractDocument', () => {
  it('reads a PDF page by page', async () => {
    const pdf = await buildPdf(['Quarterly revenue grew by 12 percent.', 'The Berlin office opens in May.']);

    const document = await extractDocument('pdf', pdf, LIMITS);

    expect(document.pages).toBe(2);
    expect(document.sections).toEqual([
      { page: 1, text: 'Quarterly revenue grew by 12 percent.' },
      { page: 2, text: 'The Berlin office opens in May.' },
    ]);
  });

  it('fails a truncated PDF as corrupt, and one with more pages than allowed as too large', async () => {
    const pdf = await buildPdf(['one', 'two', 'three']);

    expect((await failure(extractDocument('pdf', pdf.subarray(0, Math.floor(pdf.length / 2)), LIMITS))).code).toBe('CORRUPT');
    expect((await failure(extractDocument('pdf', pdf, { ...LIMITS, maxPages: 2 }))).code).toBe('TOO_LARGE');
  });

  it('lists the pages of a PDF that are images without a text layer (scans) for OCR, with their size', async () => {
    const pdf = await mixedPdf('Typed cover letter.', [blankPng(30, 40, 0x40)]);

    const document = await extractDocument('pdf', pdf, LIMITS);

    expect(document).toEqual({ pages: 2, sections: [{ page: 1, text: 'Typed cover letter.' }], scannedPages: [{ page: 2, width: 595.28, height: 841.89 }] });
  });

  it('takes a page with neither text nor an image for blank, and a text PDF for having no scans', async () => {
    const blankPage = await buildPdf(['Words on page one.', '']);

    expect(await extractDocument('pdf', blankPage, LIMITS)).toEqual({ pages: 2, sections: [{ page: 1, text: 'Words on page one.' }] });
    expect((await extractDocument('pdf', await imageOnlyPdf([blankPng(8, 8), blankPng(8, 8)]), LIMITS)).scannedPages?.map((p) => p.page)).toEqual([1, 2]);
  });

  it('reads a DOCX with its headings as the path of each section', async () => {
    const docx = buildDocx([
      { text: 'Handbook', heading: 1 },
      { text: 'Welcome & thanks.' },
      { text: 'Holidays', heading: 2 },
      { text: 'Thirty days a year.' },
      { text: 'Carried over until March.' },
    ]);

    expect((await extractDocument('docx', docx, LIMITS)).sections).toEqual([
      { headings: ['Handbook'], text: 'Welcome & thanks.' },
      { headings: ['Handbook', 'Holidays'], text: 'Thirty days a year.\n\nCarried over until March.' },
    ]);
  });

  it('reads an XLSX sheet by sheet, a row per line', async () => {
    const xlsx = buildXlsx({ Prices: [['Item', 'Price'], ['Widget', '9.50']], Stock: [['Widget', '120']] });

    expect((await extractDocument('xlsx', xlsx, LIMITS)).sections).toEqual([
      { headings: ['Prices'], text: 'Item\tPrice\nWidget\t9.50' },
      { headings: ['Stock'], text: 'Widget\t120' },
    ]);
  });

  it('reads a PPTX slide by slide, in slide order', async () => {
    const slide = (text: string): string => `<p:sld><p:txBody><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sld>`;
    const pptx = buildZip([
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
      { name: 'ppt/slides/slide10.xml', data: slide('Last') },
      { name: 'ppt/slides/slide2.xml', data: slide('Second') },
      { name: 'ppt/slides/slide1.xml', data: slide('First') },
    ]);

    const document = await extractDocument('pptx', pptx, LIMITS);

    expect(document).toEqual({ pages: 3, sections: [{ page: 1, text: 'First' }, { page: 2, text: 'Second' }, { page: 3, text: 'Last' }] });
  });

  it('reads an ODT with its outline levels', async () => {
    const odt = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
      { name: 'content.xml', data: '<office:text><text:h text:outline-level="1">Minutes</text:h><text:p>Agreed<text:s/>to ship.</text:p></office:text>' },
    ]);

    expect((await extractDocument('odt', odt, LIMITS)).sections).toEqual([{ headings: ['Minutes'], text: 'Agreed to ship.' }]);
  });

  it('reads the visible text of HTML under its headings, without scripts or styles', async () => {
    const html = '<html><head><title>t</title><style>p{}</style></head><body><h1>Menu</h1><p>Soup &amp; bread</p><script>alert(1)</script><p>Tea</p></body></html>';

    expect((await extractDocument('html', Buffer.from(html), LIMITS)).sections).toEqual([{ headings: ['Menu'], text: 'Soup & bread\n\nTea' }]);
  });

  it('reads Markdown headings and paragraphs, and text paragraphs between blank lines', async () => {
    const markdown = '# Guide\n\nIntro line one\nline two\n\n## Setup ##\n\nRun it.\n';

    expect((await extractDocument('markdown', Buffer.from(markdown), LIMITS)).sections).toEqual([
      { headings: ['Guide'], text: 'Intro line one\nline two' },
      { headings: ['Guide', 'Setup'], text: 'Run it.' },
    ]);
    expect((await extractDocument('text', Buffer.from('a\r\nb\r\n\r\n\r\nc'), LIMITS)).sections).toEqual([{ text: 'a\nb\n\nc' }]);
  });

  it('refuses a zip bomb that declares its size before inflating anything', async () => {
    const bomb = await deflatedZeros(4);
    const docx = buildZip([{ name: 'word/document.xml', ...bomb }]);

    const error = await failure(extractDocument('docx', docx, LIMITS));

    expect(docx.length).toBeLessThan(20_000);
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toContain('zip bomb');
  });

  it('stops a zip bomb whose header lies about its size while inflating it', async () => {
    const bomb = await deflatedZeros(4);
    const docx = buildZip([{ name: 'word/document.xml', ...bomb, declaredSize: 100 }]);

    expect(['TOO_LARGE', 'CORRUPT']).toContain((await failure(extractDocument('docx', docx, LIMITS))).code);
  });

  it('counts the expanded size across entries, and caps the number of entries', async () => {
    const half = Buffer.alloc(600 * 1024, 0x20);
    const slides = [1, 2].map((n) => ({ name: `ppt/slides/slide${n}.xml`, data: half }));
    expect((await failure(extractDocument('pptx', buildZip(slides), LIMITS))).code).toBe('TOO_LARGE');

    const many = Array.from({ length: 51 }, (_, i) => ({ name: `ppt/slides/slide${i + 1}.xml`, data: '<a:p/>' }));
    expect((await failure(extractDocument('pptx', buildZip(many), LIMITS))).code).toBe('TOO_LARGE');
  });

  it('fails an encrypted Office file and an archive that is not one', async () => {
    expect((await failure(extractDocument('docx', buildZip([{ name: 'EncryptedPackage', data: 'x' }]), LIMITS))).code).toBe('ENCRYPTED');
    expect((await failure(extractDocument('docx', Buffer.from('PK\u0003\u0004 broken'), LIMITS))).code).toBe('CORRUPT');
  });

  it('reads deeply nested markup in linear time without recursion', async () => {
    const depth = 200_000;
    const html = `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`;
    const started = performance.now();

    expect((await extractDocument('html', Buffer.from(html), LIMITS)).sections).toEqual([{ text: 'deep' }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('fails a document with more text than allowed', async () => {
    expect((await failure(extractDocument('text', Buffer.alloc(200_000, 'a'), LIMITS))).code).toBe('TOO_LARGE');
  });
});
