/**
 * The sources an answer cites (docs/api.md: stream `sources`, `complete.citations`; the visitor
 * transcript's AI messages) and the `[n]` marks in its text that name them. Pure: the view turns
 * the pieces into buttons.
 */
import type { Citation } from '../../../src/contracts/chat';
import { safeHttpUrl } from './text';

/** A cited source: a web page (`url`: a crawled page of the owner's site, a search result) or one of the owner's files, never linked for visitors. */
export type { Citation };

/** Bounds on what a stream may make the widget keep and draw. */
const MAX_CITATIONS = 50;
const MAX_TITLE = 300;
const MAX_SNIPPET = 4000;
const MAX_SECTION = 300;
/** A mark lists at most this many sources (`[1, 2, 3]`); the digits of one are at most three. */
const MAX_MARK_NUMBERS = 10;
const MAX_DIGITS = 3;
/** Spaces allowed around a comma in a mark: bounded, so every `[` is looked at in constant time. */
const MAX_SPACES = 2;

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.trim() ? value.slice(0, max) : undefined);

/** The well-formed citations among `value`, numbered once each, in the order given. */
export function citationsOf(value: unknown): Citation[] {
  if (!Array.isArray(value)) return [];
  const citations: Citation[] = [];
  const seen = new Set<number>();
  for (const entry of value.slice(0, MAX_CITATIONS) as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const raw = entry as Record<string, unknown>;
    const n = raw.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 999 || seen.has(n)) continue;
    seen.add(n);
    const url = text(raw.url, 2000);
    const fileId = text(raw.fileId, 64);
    const section = text(raw.section, MAX_SECTION);
    const page = typeof raw.page === 'number' && Number.isInteger(raw.page) && raw.page > 0 ? raw.page : undefined;
    citations.push({
      n,
      title: text(raw.title, MAX_TITLE) ?? url ?? `Source ${n}`,
      snippet: text(raw.snippet, MAX_SNIPPET) ?? '',
      ...(url ? { url } : {}),
      ...(fileId ? { fileId } : {}),
      ...(page ? { page } : {}),
      ...(section ? { section } : {}),
    });
  }
  return citations;
}

/** Where in its source the passage is: "Page 3 · Pricing › Plans", or "" when not known. */
export function locationOf(citation: Citation): string {
  return [citation.page ? `Page ${citation.page}` : '', citation.section ?? ''].filter(Boolean).join(' · ');
}

/** The page to open for a citation: a web page's http(s) address; the owner's files have none for visitors. */
export function linkOf(citation: Citation): string | null {
  return citation.fileId ? null : safeHttpUrl(citation.url);
}

export type MarkedSegment = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

/**
 * The numbers of a mark starting at `open` (a `[`) and the index after its `]`, or null when it
 * is no mark: `[1]`, `[1,2]`, `[1, 2]`. Looks at most a constant number of characters ahead.
 */
function readMark(source: string, open: number): { numbers: number[]; end: number } | null {
  const numbers: number[] = [];
  let at = open + 1;
  for (;;) {
    const start = at;
    while (at - start < MAX_DIGITS && isDigit(source[at])) at++;
    if (at === start || isDigit(source[at])) return null;
    numbers.push(Number(source.slice(start, at)));
    if (source[at] === ']') return { numbers, end: at + 1 };
    if (numbers.length === MAX_MARK_NUMBERS) return null;
    at = skipSpaces(source, at);
    if (source[at] !== ',') return null;
    at = skipSpaces(source, at + 1);
  }
}

function skipSpaces(source: string, from: number): number {
  let at = from;
  while (at - from < MAX_SPACES && source[at] === ' ') at++;
  return at;
}

/**
 * Answer text split into plain runs and citation marks, in one pass (linear in the text: each `[`
 * is read a bounded distance ahead). A mark becomes citations only when every number in it names
 * one of `known`; anything else (`[sic]`, `[7]` without a source 7, an array) stays text.
 */
export function splitCitationMarks(source: string, known: ReadonlySet<number>): MarkedSegment[] {
  const segments: MarkedSegment[] = [];
  if (known.size === 0) return source ? [{ kind: 'text', text: source }] : [];
  let last = 0;
  let from = 0;
  for (;;) {
    const open = source.indexOf('[', from);
    if (open === -1) break;
    const mark = readMark(source, open);
    if (!mark || !mark.numbers.every((n) => known.has(n))) {
      from = open + 1;
      continue;
    }
    if (open > last) segments.push({ kind: 'text', text: source.slice(last, open) });
    for (const n of mark.numbers) segments.push({ kind: 'cite', n });
    last = mark.end;
    from = mark.end;
  }
  if (last < source.length) segments.push({ kind: 'text', text: source.slice(last) });
  return segments;
}
