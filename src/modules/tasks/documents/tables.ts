import { parseMarkdownBlocks, plainInline } from './markdown-blocks';

/** A cell as a spreadsheet holds it: text, or a number (a percentage as its fraction). */
export type Cell = string | number | { percent: number; text: string };

export interface Table {
  /** The heading the table stood under, if any: the sheet's name. */
  name?: string;
  rows: Cell[][];
  /** The first row names the columns (a Markdown table's header): written bold. */
  header: boolean;
}

/** Rows read from one text: more would not be a table anyone asked a chat for, and the work stays bounded. */
const MAX_ROWS = 10_000;
const MAX_COLUMNS = 200;

/** `| a | b |` and `a | b`: a row of a Markdown table; `|---|:--:|` its separator line. */
const SEPARATOR_CELL = /^\s*:?-{1,}:?\s*$/;
/** Delimiters of pasted rows, in the order they are tried; a comma needs three rows in a row to count (prose has commas). */
const DELIMITERS: ReadonlyArray<{ char: string; minRows: number }> = [
  { char: '\t', minRows: 2 },
  { char: ';', minRows: 2 },
  { char: ',', minRows: 3 },
];

/**
 * The tables in a text (an answer, an earlier step's result): Markdown tables, and runs of rows
 * delimited by tabs, semicolons or commas with the same number of fields. A text without any is
 * one table of its lines, one column, as written: a sheet of what was there, not a made-up table.
 */
export function extractTables(markdown: string, language = 'en'): Table[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const tables: Table[] = [];
  let heading: string | undefined;
  let rowCount = 0;
  for (let i = 0; i < lines.length && rowCount < MAX_ROWS; i++) {
    const line = lines[i] ?? '';
    const title = /^#{1,6}\s+(\S.*)$/.exec(line);
    if (title) {
      heading = plainInline(title[1] ?? '').trim();
      continue;
    }
    const markdownTable = readMarkdownTable(lines, i);
    if (markdownTable) {
      tables.push({ name: heading, rows: markdownTable.rows.map((row) => row.map((cell) => typed(cell, language))), header: true });
      rowCount += markdownTable.rows.length;
      i = markdownTable.next - 1;
      continue;
    }
    const delimited = readDelimited(lines, i);
    if (delimited) {
      tables.push({ name: heading, rows: delimited.rows.map((row) => row.map((cell) => typed(cell, language))), header: looksLikeHeader(delimited.rows) });
      rowCount += delimited.rows.length;
      i = delimited.next - 1;
    }
  }
  if (tables.length > 0) return tables;
  const blocks = parseMarkdownBlocks(markdown).filter((block) => block.text.trim() !== '');
  return [{ rows: blocks.slice(0, MAX_ROWS).map((block) => [block.type === 'bullet' && block.marker !== '•' ? `${block.marker} ${block.text}` : block.text]), header: false }];
}

function splitPipes(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.includes('|')) return undefined;
  const inner = trimmed.replace(/^\|/, '').replace(/\|$/, '');
  // `\|` is a pipe inside a cell.
  const cells = inner.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
  return cells.length >= 2 || trimmed.startsWith('|') ? cells.slice(0, MAX_COLUMNS) : undefined;
}

/** The Markdown table starting at line `start` (a header row, then a separator line), and the line after it. */
export function readMarkdownTable(lines: string[], start: number): { rows: string[][]; next: number } | undefined {
  const header = splitPipes(lines[start] ?? '');
  const separator = splitPipes(lines[start + 1] ?? '');
  if (!header || !separator || !separator.every((cell) => SEPARATOR_CELL.test(cell))) return undefined;
  const rows = [header.map(plainInline)];
  let next = start + 2;
  for (; next < lines.length && rows.length < MAX_ROWS; next++) {
    const cells = splitPipes(lines[next] ?? '');
    if (!cells) break;
    // Short rows are padded, long ones cut: every row has the header's columns.
    rows.push(header.map((_, column) => plainInline(cells[column] ?? '')));
  }
  return { rows, next };
}

function readDelimited(lines: string[], start: number): { rows: string[][]; next: number } | undefined {
  for (const { char, minRows } of DELIMITERS) {
    const width = fields(lines[start] ?? '', char).length;
    if (width < 2) continue;
    let next = start;
    const rows: string[][] = [];
    while (next < lines.length && rows.length < MAX_ROWS) {
      const cells = fields(lines[next] ?? '', char);
      if (cells.length !== width) break;
      rows.push(cells.slice(0, MAX_COLUMNS));
      next++;
    }
    if (rows.length >= minRows) return { rows, next };
  }
  return undefined;
}

/** The fields of a delimited line, with double-quoted fields (RFC 4180 style) kept whole. */
function fields(line: string, delimiter: string): string[] {
  if (!line.includes(delimiter)) return [];
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === delimiter) {
      cells.push(current.trim());
      current = '';
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

/** A first row of text over rows with numbers in the same columns names the columns. */
function looksLikeHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first || rest.length === 0) return false;
  return first.every((cell) => typeof typed(cell, 'en') === 'string') && rest.some((row) => row.some((cell) => typeof typed(cell, 'en') !== 'string'));
}

const GROUPED_DOT = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const GROUPED_COMMA = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^\d+(?:[.,]\d+)?$/;
const SPACE_GROUPED = /^[-+−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

/**
 * A cell's value: numbers as numbers ("1,234.5", "1.234,5", "3,5", "-12", "€ 40", "12 %"),
 * everything else as its text. A single comma before three digits groups thousands in English
 * ("1,250") and is a decimal comma elsewhere ("1,250" = 1.25 in German).
 */
export function typed(cell: string, language: string): Cell {
  const text = cell.trim();
  if (text === '' || text.length > 40) return text;
  let body = text.replace(/^[€$£¥]\s?|\s?[€$£¥]$/g, '');
  const percent = body.endsWith('%');
  if (percent) body = body.slice(0, -1).trimEnd();
  // Spaces inside a number only group thousands ("12 500"); "+49 30 1234" is a phone number.
  if (/\s/.test(body)) {
    if (!SPACE_GROUPED.test(body)) return text;
    body = body.replace(/\s/g, '');
  }
  const negative = body.startsWith('-') || body.startsWith('−');
  if (negative || body.startsWith('+')) body = body.slice(1);
  let normalized: string | undefined;
  if (GROUPED_COMMA.test(body) && (body.includes('.') || language === 'en' || (body.match(/,/g)?.length ?? 0) > 1)) normalized = body.replace(/,/g, '');
  else if (GROUPED_DOT.test(body) && (body.includes(',') || (body.match(/\./g)?.length ?? 0) > 1 || language !== 'en')) normalized = body.replace(/\./g, '').replace(',', '.');
  else if (PLAIN.test(body)) normalized = body.replace(',', '.');
  if (normalized === undefined) return text;
  // Leading zeros (postcodes, IDs: "00123") are text, or the zeros would be lost.
  if (/^0\d/.test(normalized)) return text;
  const value = Number(normalized) * (negative ? -1 : 1);
  if (!Number.isFinite(value)) return text;
  return percent ? { percent: value / 100, text } : value;
}
