import { AUDIO_MIME, DOCUMENT_MIME, IMAGE_MIME, TIKA_MIME, type DocumentKind, type ImageKind, type ParsedKind } from './document-kind';
import { ZipArchive } from './zip-archive';

export interface DetectedType {
  mime: string;
  /** The extension the bytes are stored under (never the one the client sent). */
  extension: string;
  /** How its text is made (docs/knowledge.md, Documents). */
  kind: DocumentKind;
}

/** The most entries a zip may list to be looked at: the central directory is read whole. */
const DETECTION_MAX_ENTRIES = 10_000;

const startsWith = (data: Buffer, ...bytes: number[]): boolean => bytes.every((byte, i) => data[i] === byte);

/**
 * The type of an upload from its bytes, never from the name or the client's Content-Type: magic
 * numbers for PDF, images, audio, RTF, legacy Office files and zips (whose entries tell DOCX, XLSX,
 * PPTX, ODT and EPUB apart), then UTF-8 text without NULs, which is HTML when it looks like HTML.
 * The name only chooses among types that bytes cannot tell apart (Markdown, CSV, plain text; .doc,
 * .xls, .ppt). Anything else — an executable, a plain archive — is null: refused.
 */
export async function detectType(data: Buffer, name: string): Promise<DetectedType | null> {
  if (data.subarray(0, 1024).includes('%PDF-')) return document('pdf', 'pdf');
  const image = imageKindOf(data);
  if (image) return { mime: IMAGE_MIME[image], extension: image === 'jpeg' ? 'jpg' : image, kind: 'image' };
  const audio = audioKindOf(data);
  if (audio) return { mime: AUDIO_MIME[audio], extension: audio, kind: 'audio' };
  if (data.subarray(0, 5).toString('latin1') === '{\\rtf') return tika('rtf');
  // OLE2 compound files: Word, Excel and PowerPoint 97–2003 (and password-protected OOXML) look alike.
  if (startsWith(data, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return tika(name.toLowerCase().endsWith('.xls') ? 'xls' : name.toLowerCase().endsWith('.ppt') ? 'ppt' : 'doc');
  if (startsWith(data, 0x50, 0x4b, 0x03, 0x04)) return detectZip(data);
  return detectText(data, name);
}

/**
 * The image format of `data` by its magic number, or null. OCR reads only bytes this recognises:
 * tesseract takes input it cannot identify as an image for a list of file names to read.
 */
export function imageKindOf(data: Buffer): ImageKind | null {
  if (startsWith(data, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (startsWith(data, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(data, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (startsWith(data, 0x52, 0x49, 0x46, 0x46) && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (startsWith(data, 0x49, 0x49, 0x2a, 0x00) || startsWith(data, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return null;
}

/** MP4 brands of audio (and of the audio-and-video files speech-to-text servers also take). */
const MP4_BRANDS = new Set(['M4A ', 'M4B ', 'mp41', 'mp42', 'isom', 'iso2', 'dash']);

function audioKindOf(data: Buffer): keyof typeof AUDIO_MIME | null {
  const ascii = (start: number, end: number): string => data.subarray(start, end).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame: 11 sync bits, then a version other than the reserved 01 and a layer other than the reserved 00.
  const second = data[1] ?? 0;
  if (data[0] === 0xff && (second & 0xe0) === 0xe0 && (second & 0x18) !== 0x08 && (second & 0x06) !== 0) return 'mp3';
  if (ascii(4, 8) === 'ftyp' && MP4_BRANDS.has(ascii(8, 12))) return 'm4a';
  if (startsWith(data, 0x1a, 0x45, 0xdf, 0xa3)) return 'webm';
  return null;
}

async function detectZip(data: Buffer): Promise<DetectedType | null> {
  // OpenDocument stores its type first, uncompressed: the `mimetype` entry's bytes at offset 38.
  if (data.subarray(30, 38).toString('latin1') === 'mimetype') {
    const declared = (type: string): boolean => data.subarray(38, 38 + type.length).toString('latin1') === type;
    if (declared(DOCUMENT_MIME.odt)) return document('odt', 'odt');
    if (declared(TIKA_MIME.epub)) return tika('epub');
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

function document(kind: ParsedKind, extension: string): DetectedType {
  return { mime: DOCUMENT_MIME[kind], extension, kind };
}

function tika(format: keyof typeof TIKA_MIME): DetectedType {
  return { mime: TIKA_MIME[format], extension: format, kind: 'tika' };
}
