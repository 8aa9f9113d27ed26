import { ExtractionError, type ExtractionLimits, type ParsedDocument, type ParsedKind, type ProgressListener } from './document-kind';
import { extractDocx, extractOdt, extractPptx, extractXlsx } from './office';
import { extractPdf } from './pdf';
import { extractHtml, extractMarkdown, extractPlainText } from './text-formats';

/**
 * The text of a document of a detected kind, within `limits`. Runs in the extraction worker
 * thread (extraction-worker.ts), which adds the time and memory bounds. Paged documents report
 * their progress to `onProgress`.
 */
export async function extractDocument(kind: ParsedKind, data: Buffer, limits: ExtractionLimits, onProgress?: ProgressListener): Promise<ParsedDocument> {
  const document = await read(kind, data, limits, onProgress);
  const chars = document.sections.reduce((sum, section) => sum + section.text.length, 0);
  if (chars > limits.maxTextChars) throw new ExtractionError('TOO_LARGE', `The document holds more than ${limits.maxTextChars} characters of text.`);
  return document;
}

function read(kind: ParsedKind, data: Buffer, limits: ExtractionLimits, onProgress?: ProgressListener): Promise<ParsedDocument> | ParsedDocument {
  switch (kind) {
    case 'pdf':
      return extractPdf(data, limits, onProgress);
    case 'docx':
      return extractDocx(data, limits);
    case 'xlsx':
      return extractXlsx(data, limits);
    case 'pptx':
      return extractPptx(data, limits, onProgress);
    case 'odt':
      return extractOdt(data, limits);
    case 'html':
      return extractHtml(data.toString('utf8'));
    case 'markdown':
      return extractMarkdown(data.toString('utf8'));
    case 'csv':
    case 'text':
      return extractPlainText(data.toString('utf8'));
  }
}
