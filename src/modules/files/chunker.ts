import type { ExtractedDocument } from './extraction/document-kind';

/** One passage to embed and cite: its text and where it sits (page, heading path). */
export interface TextChunk {
  /** Position in the document, from 0. */
  index: number;
  text: string;
  page?: number;
  headings?: string[];
}

export interface ChunkOptions {
  /** Longest chunk, in characters. */
  maxChars: number;
  /** Characters of the previous chunk of the same section repeated at the start of the next. */
  overlapChars: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxChars: 1200, overlapChars: 200 };

/**
 * Cuts a document into passages along its structure: a chunk never spans two sections (pages,
 * slides, headings, sheets), so each cites one place; within a section whole paragraphs are
 * packed up to `maxChars`, a longer paragraph is cut at lines, then sentences, then words; each
 * chunk after the first of its section starts with the end of the one before (about
 * `overlapChars`, from a word boundary), so a fact split across a cut is found whole.
 */
export function chunkDocument(document: ExtractedDocument, options: ChunkOptions = DEFAULT_CHUNKING): TextChunk[] {
  if (options.overlapChars * 2 > options.maxChars) throw new Error('The overlap must be at most half the chunk size.');
  const pieceLimit = options.maxChars - options.overlapChars;
  const chunks: TextChunk[] = [];
  for (const section of document.sections) {
    const where = { ...(section.page !== undefined ? { page: section.page } : {}), ...(section.headings?.length ? { headings: section.headings } : {}) };
    const pieces = section.text.split('\n\n').flatMap((paragraph) => splitToFit(paragraph.trim(), pieceLimit)).filter(Boolean);
    let current = '';
    for (const piece of pieces) {
      const joined = current ? `${current}\n\n${piece}` : piece;
      if (joined.length <= options.maxChars) {
        current = joined;
        continue;
      }
      chunks.push({ index: chunks.length, text: current, ...where });
      current = `${tail(current, options.overlapChars)}\n\n${piece}`.trim();
    }
    if (current) chunks.push({ index: chunks.length, text: current, ...where });
  }
  return chunks;
}

/** Separators to cut an over-long paragraph at, coarsest first. */
const SEPARATORS = ['\n', '. ', ' '];

/** `text` in pieces of at most `limit` characters, cut at the coarsest separator that works. */
export function splitToFit(text: string, limit: number, level = 0): string[] {
  if (text.length <= limit) return [text];
  const separator = SEPARATORS[level];
  if (separator === undefined) {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += limit) pieces.push(text.slice(at, at + limit));
    return pieces;
  }
  const pieces: string[] = [];
  let current = '';
  for (const part of text.split(separator)) {
    const joined = current ? current + separator + part : part;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current) pieces.push(current);
    if (part.length <= limit) {
      current = part;
    } else {
      pieces.push(...splitToFit(part, limit, level + 1));
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The last `length` characters of `text`, moved forward to start at a word. */
function tail(text: string, length: number): string {
  if (length <= 0) return '';
  if (text.length <= length) return text;
  const cut = text.slice(text.length - length);
  const space = cut.search(/\s/);
  return (space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut).trim();
}
