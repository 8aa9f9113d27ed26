import type { TextSection } from './document-kind';

/** One tag of a markup document: `<name attrs>`, `</name>` or `<name/>`. */
export interface MarkupTag {
  /** Lower-cased, prefix kept (`w:p`, `text:h`, `h1`). */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** The raw attribute text, read with `attribute()`. */
  attributes: string;
}

/**
 * Walks XML or HTML as a flat run of tags and text, with no tree and no recursion: deeply nested
 * or malformed markup costs time linear in its length and constant stack, and never throws.
 * Comments, CDATA, processing instructions and doctypes are skipped.
 */
export function scanMarkup(markup: string, onTag: (tag: MarkupTag) => void, onText: (text: string) => void): void {
  let at = 0;
  while (at < markup.length) {
    const open = markup.indexOf('<', at);
    if (open < 0) {
      onText(markup.slice(at));
      return;
    }
    if (open > at) onText(markup.slice(at, open));
    if (markup.startsWith('<!--', open)) {
      const end = markup.indexOf('-->', open + 4);
      at = end < 0 ? markup.length : end + 3;
      continue;
    }
    if (markup.startsWith('<![CDATA[', open)) {
      const end = markup.indexOf(']]>', open + 9);
      onText(markup.slice(open + 9, end < 0 ? markup.length : end));
      at = end < 0 ? markup.length : end + 3;
      continue;
    }
    const close = markup.indexOf('>', open + 1);
    if (close < 0) return;
    const body = markup.slice(open + 1, close);
    at = close + 1;
    if (body.startsWith('?') || body.startsWith('!')) continue;
    const closing = body.startsWith('/');
    const selfClosing = body.endsWith('/');
    const inner = body.slice(closing ? 1 : 0, selfClosing ? -1 : undefined).trim();
    const space = firstSpace(inner);
    onTag({ name: (space < 0 ? inner : inner.slice(0, space)).toLowerCase(), closing, selfClosing, attributes: space < 0 ? '' : inner.slice(space + 1) });
  }
}

function firstSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  return -1;
}

/** The value of attribute `name` (exact, with its prefix) in a tag's attribute text. */
export function attribute(tag: MarkupTag, name: string): string | null {
  for (const quote of ['"', "'"]) {
    const key = `${name}=${quote}`;
    let from = 0;
    for (;;) {
      const at = tag.attributes.indexOf(key, from);
      if (at < 0) break;
      const before = at === 0 ? ' ' : tag.attributes[at - 1];
      if (before === ' ' || before === '\t' || before === '\n' || before === '\r') {
        const end = tag.attributes.indexOf(quote, at + key.length);
        return decodeEntities(tag.attributes.slice(at + key.length, end < 0 ? undefined : end));
      }
      from = at + key.length;
    }
  }
  return null;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/** XML's entities, numeric references and HTML's `&nbsp;`; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** A paragraph of a flowing document; `level` 1–6 marks a heading. */
export interface Block {
  text: string;
  level?: number;
}

/**
 * Groups paragraphs into sections under their heading path: a heading starts a new section and
 * replaces the headings at its level and below; paragraphs join with blank lines.
 */
export function sectionsFromBlocks(blocks: Iterable<Block>, page?: number): TextSection[] {
  const sections: TextSection[] = [];
  const path: string[] = [];
  let paragraphs: string[] = [];
  const flush = (): void => {
    if (paragraphs.length === 0) return;
    sections.push({ ...(page !== undefined ? { page } : {}), ...(path.length > 0 ? { headings: path.filter(Boolean) } : {}), text: paragraphs.join('\n\n') });
    paragraphs = [];
  };
  for (const block of blocks) {
    const text = normalizeSpace(block.text);
    if (!text) continue;
    if (block.level !== undefined) {
      flush();
      path.length = Math.min(path.length, block.level - 1);
      while (path.length < block.level - 1) path.push('');
      path.push(text);
    } else {
      paragraphs.push(text);
    }
  }
  flush();
  return sections;
}

/** Collapses runs of spaces and drops empty lines; keeps line breaks (table rows, addresses). */
export function normalizeSpace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}
