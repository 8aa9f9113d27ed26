import { DOCUMENT_MIME, IMAGE_MIME, type DocumentKind } from './document-kind';
import { ZipArchive } from './zip-archive';

export interface DetectedType {
  mime: string;
  /** The extension the bytes are stored under (never the one the client sent). */
  extension: string;
  /** What extraction reads it as; null for a stored-only type (images). */
  kind: DocumentKind | null;
}

/** The most entries a zip may list to be looked at: the central directory is read whole. */
const DETECTION_MAX_ENTRIES = 10_000;

const startsWith = (data: Buffer, ...bytes: number[]): boolean => bytes.every((byte, i) => data[i] === byte);

/**
 * The type of an upload from its bytes, never from the name or the client's Content-Type: magic
 * numbers for PDF, images and zips (whose entries tell DOCX, XLSX, PPTX and ODT apart), then
 * UTF-8 text without NULs, which is HTML when it looks like HTML. The name only chooses among
 * text types that bytes cannot tell apart (Markdown, CSV, plain text). Anything else — an
 * executable, a plain archive, a legacy or encrypted Office file — is null: refused.
 */
export async function detectType(data: Buffer, name: string): Promise<DetectedType | null> {
  if (data.subarray(0, 1024).includes('%PDF-')) return document('pdf', 'pdf');
  if (startsWith(data, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return image('png', 'png');
  if (startsWith(data, 0xff, 0xd8, 0xff)) return image('jpeg', 'jpg');
  if (startsWith(data, 0x47, 0x49, 0x46, 0x38)) return image('gif', 'gif');
  if (startsWith(data, 0x52, 0x49, 0x46, 0x46) && data.subarray(8, 12).toString('latin1') === 'WEBP') return image('webp', 'webp');
  if (startsWith(data, 0x50, 0x4b, 0x03, 0x04)) return detectZip(data);
  return detectText(data, name);
}

async function detectZip(data: Buffer): Promise<DetectedType | null> {
  // OpenDocument stores its type first, uncompressed: the `mimetype` entry's bytes at offset 38.
  if (data.subarray(30, 38).toString('latin1') === 'mimetype' && data.subarray(38, 38 + DOCUMENT_MIME.odt.length).toString('latin1') === DOCUMENT_MIME.odt) {
    return document('odt', 'odt');
  }
  const zip = await ZipArchive.open(data, { maxEntries: DETECTION_MAX_ENTRIES, maxExpandedBytes: 0 }).catch(() => null);
  if (!zip) return null;
  try {
    if (zip.has('word/document.xml')) return document('docx', 'docx');
    if (zip.has('xl/workbook.xml')) return document('xlsx', 'xlsx');
    if (zip.has('ppt/presentation.xml')) return document('pptx', 'pptx');
    return null;
  } finally {
    zip.close();
  }
}

function detectText(data: Buffer, name: string): DetectedType | null {
  if (data.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
  const start = data.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.includes('<body') || start.includes('<head')) return document('html', 'html');
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'md' || extension === 'markdown') return document('markdown', 'md');
  if (extension === 'csv') return document('csv', 'csv');
  return document('text', 'txt');
}

function document(kind: DocumentKind, extension: string): DetectedType {
  return { mime: DOCUMENT_MIME[kind], extension, kind };
}

function image(kind: keyof typeof IMAGE_MIME, extension: string): DetectedType {
  return { mime: IMAGE_MIME[kind], extension, kind: null };
}
