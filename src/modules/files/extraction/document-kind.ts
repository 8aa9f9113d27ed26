/** The formats the extractor reads, each with the MIME type a detected file is stored under. */
export const DOCUMENT_MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  html: 'text/html',
  markdown: 'text/markdown',
  csv: 'text/csv',
  text: 'text/plain',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_MIME;

/** Images are stored (for vision and, later, OCR) but have no text layer to extract. */
export const IMAGE_MIME = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
} as const;

export type ImageKind = keyof typeof IMAGE_MIME;

/** The kind of document a stored MIME type names, or null for one without extractable text. */
export function documentKindOf(mime: string): DocumentKind | null {
  const bare = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [kind, type] of Object.entries(DOCUMENT_MIME)) if (type === bare) return kind as DocumentKind;
  return null;
}

/** A passage of extracted text with where it sits in the document, for chunking and citations. */
export interface TextSection {
  /** 1-based page (PDF) or slide (PPTX) number; sheet documents use `heading` for the sheet name. */
  page?: number;
  /** The heading path this passage sits under, outermost first (DOCX/ODT/HTML/Markdown headings, sheet names). */
  headings?: string[];
  text: string;
}

export interface ExtractedDocument {
  sections: TextSection[];
  /** Pages (PDF) or slides (PPTX) in the document, when it has them. */
  pages?: number;
}

/** Why extraction of a file was refused; the code lands in the file's `error` for clients to branch on. */
export type ExtractionFailure = 'ENCRYPTED' | 'CORRUPT' | 'TOO_LARGE' | 'TIMEOUT' | 'OUT_OF_MEMORY' | 'UNSUPPORTED';

export class ExtractionError extends Error {
  constructor(
    readonly code: ExtractionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}

/** Told the share of a paged document read so far, 0–100 (PDF pages, PPTX slides). */
export type ProgressListener = (percent: number) => void;

/** The bounds every extraction runs within, so a hostile file fails alone. */
export interface ExtractionLimits {
  /** Total bytes an archive-based format (DOCX, XLSX, PPTX, ODT) may expand to. */
  maxExpandedBytes: number;
  /** Entries an archive may hold. */
  maxEntries: number;
  /** Pages (PDF) or slides read; more fails the file rather than silently dropping text. */
  maxPages: number;
  /** Characters of text kept; more fails the file. */
  maxTextChars: number;
}
