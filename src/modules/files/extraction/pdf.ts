import { getDocumentProxy } from 'unpdf';
import { ExtractionError, type ExtractedDocument, type ExtractionLimits, type ProgressListener, type TextSection } from './document-kind';
import { normalizeSpace } from './markup';

/**
 * The text layer of a PDF, page by page (pdf.js through unpdf). A page with no text layer (a scan)
 * yields nothing here; OCR of such pages is a later step. Encrypted and unreadable files fail
 * with their own code; more pages than `maxPages` fail the file rather than dropping the rest.
 * The document is not destroyed: it lives in a worker thread that ends with the extraction.
 */
export async function extractPdf(data: Buffer, limits: ExtractionLimits, onProgress: ProgressListener = () => undefined): Promise<ExtractedDocument> {
  const pdf = await getDocumentProxy(new Uint8Array(data), { stopAtErrors: true, verbosity: 0 }).catch((error: unknown) => {
    throw pdfError(error);
  });
  if (pdf.numPages > limits.maxPages) throw new ExtractionError('TOO_LARGE', `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are read.`);
  const sections: TextSection[] = [];
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
    page.cleanup();
    const clean = normalizeSpace(text);
    chars += clean.length;
    if (chars > limits.maxTextChars) throw new ExtractionError('TOO_LARGE', `The PDF holds more than ${limits.maxTextChars} characters of text.`);
    if (clean) sections.push({ page: number, text: clean });
  onProgress(Math.floor((number / pdf.numPages) * 100));
  }
  return { sections, pages: pdf.numPages };
}

function pdfError(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new ExtractionError('ENCRYPTED', 'The PDF is password-protected.');
  return new ExtractionError('CORRUPT', `The PDF cannot be read: ${message}`);
}
