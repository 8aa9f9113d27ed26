import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { ExtractionError, type ExtractionLimits, type ParsedDocument, type ProgressListener, type ScannedPage, type TextSection } from './document-kind';
import { normalizeSpace } from './markup';

/**
 * The text layer of a PDF, page by page (pdf.js through unpdf). A page with no text layer that
 * paints an image is a scan: it is listed in `scannedPages` for OCR, which runs outside this
 * thread (ocr.service.ts); a page with neither is blank. Encrypted and unreadable files fail
 * with their own code; more pages than `maxPages` fail the file rather than dropping the rest.
 * The document is not destroyed: it lives in a worker thread that ends with the extraction.
 */
export async function extractPdf(data: Buffer, limits: ExtractionLimits, onProgress: ProgressListener = () => undefined): Promise<ParsedDocument> {
  const pdf = await getDocumentProxy(new Uint8Array(data), { stopAtErrors: true, verbosity: 0 }).catch((error: unknown) => {
    throw pdfError(error);
  });
  if (pdf.numPages > limits.maxPages) throw new ExtractionError('TOO_LARGE', `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are read.`);
  const sections: TextSection[] = [];
  const scannedPages: ScannedPage[] = [];
  let chars = 0;
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number).catch((error: unknown) => {
      throw pdfError(error);
    });
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    const clean = normalizeSpace(text);
    if (!clean && (await paintsImage(page))) {
      const [left = 0, bottom = 0, right = 0, top = 0] = page.view;
      scannedPages.push({ page: number, width: Math.abs(right - left), height: Math.abs(top - bottom) });
    }
    page.cleanup();
    chars += clean.length;
    if (chars > limits.maxTextChars) throw new ExtractionError('TOO_LARGE', `The PDF holds more than ${limits.maxTextChars} characters of text.`);
    if (clean) sections.push({ page: number, text: clean });
    // A scanned page is read when OCR has read it (TextExtractor goes on counting from here).
    onProgress(Math.floor(((number - scannedPages.length) / pdf.numPages) * 100));
  }
  return { sections, pages: pdf.numPages, ...(scannedPages.length > 0 ? { scannedPages } : {}) };
}

/** Whether a page draws a raster image: what a scanned page is, once it has no text layer. */
async function paintsImage(page: Awaited<ReturnType<Awaited<ReturnType<typeof getDocumentProxy>>['getPage']>>): Promise<boolean> {
  const { OPS } = await getResolvedPDFJS();
  const painting = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObject]);
  const operators = await page.getOperatorList();
  return operators.fnArray.some((fn) => painting.has(fn));
}

function pdfError(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new ExtractionError('ENCRYPTED', 'The PDF is password-protected.');
  return new ExtractionError('CORRUPT', `The PDF cannot be read: ${message}`);
}
