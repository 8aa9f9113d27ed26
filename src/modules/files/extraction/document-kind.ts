/** The formats read in the extraction thread, each with the MIME type a detected file is stored under. */
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

/** A format parsed in the extraction thread (extract-document.ts). */
export type ParsedKind = keyof typeof DOCUMENT_MIME;

/** Images: their text is read by OCR (tesseract), and vision models look at them. */
export const IMAGE_MIME = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
} as const;

export type ImageKind = keyof typeof IMAGE_MIME;

/** Audio: its text is a transcript made by the SOUND2TEXT model. */
export const AUDIO_MIME = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  webm: 'audio/webm',
} as const;

/** Formats only Apache Tika reads (when TIKA_URL is set): RTF, EPUB and legacy (OLE2) Office files. */
export const TIKA_MIME = {
  rtf: 'application/rtf',
  epub: 'application/epub+zip',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
} as const;

/**
 * How a file's text is made: parsed in the extraction thread, OCR'd (`image`), transcribed
 * (`audio`) or sent to Apache Tika (`tika`). Stored with the text (`file_texts.kind`).
 */
export type DocumentKind = ParsedKind | 'image' | 'audio' | 'tika';

/** The kind of document a stored MIME type names, or null for one without extractable text. */
export function documentKindOf(mime: string): DocumentKind | null {
  const bare = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [kind, type] of Object.entries(DOCUMENT_MIME)) if (type === bare) return kind as ParsedKind;
  if ((Object.values(IMAGE_MIME) as string[]).includes(bare)) return 'image';
  if ((Object.values(AUDIO_MIME) as string[]).includes(bare)) return 'audio';
  if ((Object.values(TIKA_MIME) as string[]).includes(bare)) return 'tika';
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

/** A PDF page with no text layer but an image on it (a scan), to be rasterised and OCR'd. */
export interface ScannedPage {
  page: number;
  /** The page's size in PDF points (1/72 inch), to bound the rasterised image's pixels. */
  width: number;
  height: number;
}

/** What the extraction thread reads: the text, and the scanned pages OCR still has to read (PDF). */
export interface ParsedDocument extends ExtractedDocument {
  scannedPages?: ScannedPage[];
}

/** Why extraction of a file was refused; the code lands in the file's `error` for clients to branch on. */
export type ExtractionFailure =
  | 'ENCRYPTED'
  | 'CORRUPT'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'OUT_OF_MEMORY'
  | 'UNSUPPORTED'
  /** An image or scanned page needs OCR and tesseract (or pdftoppm) is not installed. */
  | 'OCR_UNAVAILABLE'
  /** Audio needs a speech-to-text model and none is bound to SOUND2TEXT. */
  | 'TRANSCRIPTION_UNAVAILABLE';

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
