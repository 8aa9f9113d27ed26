/**
 * Markdown, as models and operators write it, turned into WhatsApp's own formatting: *bold*,
 * _italic_, ~strike~, ```monospace```. Headings become bold lines, lists "• " lines, links
 * "text (url)", tables one "a | b" line per row.
 *
 * A scanner of its own rather than a CommonMark parser: micromark, the one the SPA renders with,
 * is super-linear on nested containers (4,000 `>` take seconds), and an answer can be coaxed into
 * any shape by whoever writes to the number. Every step here is one pass over the text.
 */
export function markdownToWhatsApp(markdown: string): string {
  const lines = markdown.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const out: string[] = [];
  /** The previous line was paragraph text (a setext underline makes it a heading): its source and place in `out`. */
  let paragraph: { source: string; index: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = fenceOf(line);
    if (fence !== null) {
      i = codeBlock(lines, i, fence, out);
      paragraph = null;
      continue;
    }
    const trimmed = line.trim();
    if (paragraph !== null && trimmed !== '' && isRunOf(trimmed, trimmed[0] === '=' ? '=' : '-', 1)) {
      out[paragraph.index] = bold(paragraph.source.trim());
      paragraph = null;
      continue;
    }
    if (isThematicBreak(trimmed)) {
      pushBlank(out);
      paragraph = null;
      continue;
    }
    if (isTableRow(line) && isDelimiterRow(lines[i + 1])) {
      i = table(lines, i, out);
      paragraph = null;
      continue;
    }
    if (trimmed === '') {
      pushBlank(out);
      paragraph = null;
      continue;
    }
    const rendered = blockLine(line);
    out.push(rendered.text);
    paragraph = rendered.paragraph ? { source: line, index: out.length - 1 } : null;
  }
  return out.join('\n').trim();
}

/** WhatsApp marks for strong emphasis, emphasis and strikethrough. */
const MARK = { strong: '*', emphasis: '_', strike: '~' } as const;
const MONOSPACE = '```';
const LIST_INDENT = '  ';
const MAX_LIST_DEPTH = 6;

function pushBlank(out: string[]): void {
  if (out.length > 0 && out[out.length - 1] !== '') out.push('');
}

function bold(text: string): string {
  const inner = inline(text, true).trim();
  return inner === '' ? '' : `${MARK.strong}${inner}${MARK.strong}`;
}

/** Spaces before a block marker: up to three keep it a block (four would be indented code). */
function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

function isRunOf(text: string, char: string, min: number): boolean {
  if (text.length < min) return false;
  for (const c of text) if (c !== char) return false;
  return true;
}

/** `---`, `***`, `___` (spaces allowed between): a horizontal rule. */
function isThematicBreak(trimmed: string): boolean {
  const char = trimmed[0];
  if (char !== '-' && char !== '*' && char !== '_') return false;
  let count = 0;
  for (const c of trimmed) {
    if (c === char) count++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return count >= 3;
}

/** The opening fence of a code block (three or more ` or ~), or null. */
function fenceOf(line: string): string | null {
  if (indentOf(line) > 3) return null;
  const trimmed = line.trimStart();
  const char = trimmed[0];
  if (char !== '`' && char !== '~') return null;
  let length = 0;
  while (trimmed[length] === char) length++;
  return length >= 3 ? char.repeat(length) : null;
}

/** Copies the code block starting at `start` as monospace; returns the index of its last line. */
function codeBlock(lines: string[], start: number, fence: string, out: string[]): number {
  const code: string[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const closing = fenceOf(line);
    if (closing !== null && closing[0] === fence[0] && closing.length >= fence.length && line.trim() === closing) break;
    code.push(line);
  }
  out.push(`${MONOSPACE}${code.join('\n')}${MONOSPACE}`);
  return i;
}

/** One line of text that is not part of a fence or table: heading, list item, quote or paragraph. */
function blockLine(line: string): { text: string; paragraph: boolean } {
  const indent = indentOf(line);
  const content = line.trimStart();
  if (indent <= 3 && content.startsWith('>')) {
    // WhatsApp quotes one level deep: every `>` goes, however deeply nested.
    let start = 0;
    while (content[start] === '>' || content[start] === ' ' || content[start] === '\t') start++;
    return { text: `> ${blockLine(content.slice(start)).text}`.trimEnd(), paragraph: false };
  }
  const heading = indent <= 3 ? headingText(content) : null;
  if (heading !== null) return { text: bold(heading), paragraph: false };
  const item = listItem(content);
  if (item !== null) {
    const depth = Math.min(MAX_LIST_DEPTH, Math.floor(indent / 2));
    return { text: `${LIST_INDENT.repeat(depth)}${item.marker} ${inline(taskBox(item.text), false)}`, paragraph: false };
  }
  return { text: inline(withoutHardBreak(content), false), paragraph: true };
}

/** The text of an ATX heading (`# Title`, closing #s dropped), or null. */
function headingText(content: string): string | null {
  let level = 0;
  while (content[level] === '#') level++;
  if (level === 0 || level > 6) return null;
  const after = content[level];
  if (after !== undefined && after !== ' ' && after !== '\t') return null;
  let text = content.slice(level).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || text[end - 1] === ' ') text = text.slice(0, end).trim();
  return text;
}

/** A bullet (`-`, `*`, `+`) or numbered (`1.`, `1)`) list item: WhatsApp's marker and the item's text. */
function listItem(content: string): { marker: string; text: string } | null {
  const first = content[0];
  if ((first === '-' || first === '*' || first === '+') && (content[1] === ' ' || content[1] === '\t')) {
    return { marker: '•', text: content.slice(2).trim() };
  }
  let digits = 0;
  while (digits < 9 && content[digits] !== undefined && content.charCodeAt(digits) >= 0x30 && content.charCodeAt(digits) <= 0x39) digits++;
  const delimiter = content[digits];
  if (digits > 0 && (delimiter === '.' || delimiter === ')') && (content[digits + 1] === ' ' || content[digits + 1] === '\t')) {
    return { marker: `${content.slice(0, digits)}.`, text: content.slice(digits + 2).trim() };
  }
  return null;
}

function taskBox(text: string): string {
  if (text.startsWith('[ ] ')) return `☐ ${text.slice(4)}`;
  if (text.startsWith('[x] ') || text.startsWith('[X] ')) return `☑ ${text.slice(4)}`;
  return text;
}

/** A trailing backslash or two spaces end a line in Markdown; WhatsApp keeps line ends anyway. */
function withoutHardBreak(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.endsWith('\\') ? trimmed.slice(0, -1) : trimmed;
}

function isTableRow(line: string | undefined): boolean {
  return line !== undefined && line.includes('|') && line.trim() !== '';
}

/** `|---|:--:|`: the line under a table's header. */
function isDelimiterRow(line: string | undefined): boolean {
  if (line === undefined || !line.includes('-') || !line.includes('|')) return false;
  for (const char of line) if (char !== '|' && char !== '-' && char !== ':' && char !== ' ' && char !== '\t') return false;
  return true;
}

/** A table from its header at `start`: one line per row, the header's cells bold. Returns the index of its last line. */
function table(lines: string[], start: number, out: string[]): number {
  out.push(cells(lines[start] ?? '').map(bold).join(' | '));
  let i = start + 2;
  for (; i < lines.length && isTableRow(lines[i]); i++) out.push(cells(lines[i] ?? '').map((cell) => inline(cell, false)).join(' | '));
  return i - 1;
}

/** A row's cells, split at pipes that are not escaped, without the outer pipes' empty cells. */
function cells(row: string): string[] {
  const found: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i];
    if (char === '\\' && row[i + 1] === '|') {
      current += '|';
      i++;
    } else if (char === '|') {
      found.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  found.push(current.trim());
  const trimmed = row.trim();
  if (trimmed.startsWith('|')) found.shift();
  if (trimmed.endsWith('|') && !trimmed.endsWith('\\|')) found.pop();
  return found;
}

// --- inline ------------------------------------------------------------------------------------

/** A run of `*`, `_` or `~`, and what it became once runs were paired up. */
interface Delimiter {
  kind: 'delimiter';
  char: '*' | '_' | '~';
  /** Characters of the run not (yet) used as emphasis. */
  count: number;
  canOpen: boolean;
  canClose: boolean;
  position: number;
  /** Marks this run opens, innermost first; and those it closes, innermost first. */
  opens: string[];
  closes: string[];
}

type Piece = { kind: 'text'; text: string } | Delimiter;

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function isWhitespace(char: string | undefined): boolean {
  return char === undefined || char === ' ' || char === '\t' || char === '\n' || char === '\u00a0';
}

function isAsciiPunctuation(char: string | undefined): boolean {
  return char !== undefined && char.length === 1 && ASCII_PUNCTUATION.includes(char);
}

function isPunctuation(char: string | undefined): boolean {
  return isAsciiPunctuation(char) || (char !== undefined && /[\p{P}\p{S}]/u.test(char));
}

/**
 * One line of inline Markdown in WhatsApp's marks. Code spans, links and URLs are taken first (their
 * text is never emphasis: `snake_case` in a URL stays as it is), then emphasis runs are paired the
 * way CommonMark pairs them, each run pushed and popped at most once. In a heading, strong emphasis
 * marks nothing: the whole line is bold already.
 */
function inline(line: string, inHeading: boolean): string {
  const pieces: Piece[] = [];
  const delimiters: Delimiter[] = [];
  /** Open `[` of a possible link: the piece holding it, and where its label's delimiters start. */
  let bracket: { piece: { kind: 'text'; text: string }; labelStart: number; delimiters: number } | null = null;
  const codeEnds = matchingBacktickRuns(line);
  const text = (value: string): void => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'text' && last !== bracket?.piece) last.text += value;
    else pieces.push({ kind: 'text', text: value });
  };

  let i = 0;
  let autolink: number | null;
  let url: number | null;
  while (i < line.length) {
    const char = line[i] ?? '';
    if (char === '`') {
      const run = runLength(line, i, '`');
      const end = codeEnds.get(i);
      if (end === undefined) text(line.slice(i, i + run));
      else text(`${MONOSPACE}${trimCode(line.slice(i + run, end))}${MONOSPACE}`);
      i = end === undefined ? i + run : end + run;
    } else if (char === '\\' && isAsciiPunctuation(line[i + 1])) {
      // An escaped character is itself, never a mark.
      text(line[i + 1] ?? '');
      i += 2;
    } else if (char === '[' || (char === '!' && line[i + 1] === '[')) {
      const width = char === '!' ? 2 : 1;
      const piece = { kind: 'text' as const, text: line.slice(i, i + width) };
      pieces.push(piece);
      bracket = { piece, labelStart: i + width, delimiters: delimiters.length };
      i += width;
    } else if (char === ']') {
      const destination = bracket === null ? null : linkDestination(line, i + 1);
      if (bracket !== null && destination !== null) {
        // A link's label pairs its emphasis within itself, never with what is around the link.
        pairEmphasis(delimiters.splice(bracket.delimiters));
        bracket.piece.text = '';
        const label = line.slice(bracket.labelStart, i);
        if (label.trim() !== destination.url) text(label.trim() === '' ? destination.url : ` (${destination.url})`);
        i = destination.end;
      } else {
        text(']');
        i++;
      }
      bracket = null;
    } else if (char === '<' && (autolink = autolinkEnd(line, i)) !== null) {
      text(line.slice(i + 1, autolink));
      i = autolink + 1;
    } else if ((char === 'h' || char === 'H') && (url = bareUrlEnd(line, i)) !== null) {
      text(line.slice(i, url));
      i = url;
    } else if (char === '*' || char === '_' || char === '~') {
      const run = runLength(line, i, char);
      const delimiter = delimiterRun(line, i, run, char);
      pieces.push(delimiter);
      delimiters.push(delimiter);
      i += run;
    } else {
      text(char);
      i++;
    }
  }
  pairEmphasis(delimiters);
  return pieces.map((piece) => (piece.kind === 'text' ? piece.text : renderDelimiter(piece, inHeading))).join('');
}

function runLength(line: string, start: number, char: string): number {
  let end = start;
  while (line[end] === char) end++;
  return end - start;
}

/**
 * Code spans: each backtick run that opens one, mapped to where its closing run (the next run of
 * the same length) starts. Found in one pass from the right, remembering the last run of each length.
 */
function matchingBacktickRuns(line: string): Map<number, number> {
  const runs: Array<{ start: number; length: number }> = [];
  for (let i = 0; i < line.length; ) {
    if (line[i] === '`') {
      const length = runLength(line, i, '`');
      runs.push({ start: i, length });
      i += length;
    } else {
      i++;
    }
  }
  const next: Array<number | undefined> = [];
  const nextOfLength = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k];
    if (run === undefined) continue;
    next[k] = nextOfLength.get(run.length);
    nextOfLength.set(run.length, k);
  }
  const spans = new Map<number, number>();
  let consumedUntil = 0;
  runs.forEach((run, k) => {
    const closing = next[k];
    if (run.start < consumedUntil || closing === undefined) return;
    const end = runs[closing]?.start ?? run.start;
    spans.set(run.start, end);
    consumedUntil = end + run.length;
  });
  return spans;
}

/** A code span's content: one space of padding on both sides is dropped, as CommonMark does. */
function trimCode(code: string): string {
  return code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
}

/**
 * `(url)` or `(url "title")` right after a link's `]`: the URL and where the link ends. The scan
 * stops at brackets, so the text after one `]` is never scanned again for the next.
 */
function linkDestination(line: string, start: number): { url: string; end: number } | null {
  if (line[start] !== '(') return null;
  let i = start + 1;
  let depth = 0;
  while (i < line.length) {
    const char = line[i];
    if (char === '[' || char === ']' || char === '<' || isWhitespace(char)) break;
    if (char === '(') depth++;
    if (char === ')') {
      if (depth === 0) break;
      depth--;
    }
    i++;
  }
  const url = line.slice(start + 1, i);
  if (line[i] === ')') return url === '' ? null : { url, end: i + 1 };
  if (line[i] !== ' ' || url === '') return null;
  // A title after the URL: `(url "title")` — dropped. The scan for its end stops at the next
  // quote, so no stretch of the line is scanned for two titles.
  const titleEnd = line[i + 1] === '"' ? line.indexOf('"', i + 2) : -1;
  return titleEnd > 0 && line[titleEnd + 1] === ')' ? { url, end: titleEnd + 2 } : null;
}

/** `<https://…>` or `<name@example.com>`: where its `>` is, or null. */
function autolinkEnd(line: string, start: number): number | null {
  let i = start + 1;
  while (i < line.length && line[i] !== '>' && line[i] !== '<' && !isWhitespace(line[i])) i++;
  if (line[i] !== '>') return null;
  const inner = line.slice(start + 1, i).toLowerCase();
  return inner.startsWith('http://') || inner.startsWith('https://') || (inner.includes('@') && !inner.startsWith('@')) ? i : null;
}

/** A bare `http(s)://…` URL starting at `start`: where it ends (trailing punctuation is the sentence's). */
function bareUrlEnd(line: string, start: number): number | null {
  const before = line[start - 1];
  if (before !== undefined && !isWhitespace(before) && !'([{"\''.includes(before)) return null;
  const head = line.slice(start, start + 8).toLowerCase();
  const scheme = head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : 0;
  if (scheme === 0) return null;
  let end = start + scheme;
  // Brackets end it too: inside a link's label the URL stops where the label does.
  while (end < line.length && !isWhitespace(line[end]) && line[end] !== '<' && line[end] !== '[' && line[end] !== ']') end++;
  while (end > start + scheme && '.,;:!?)\'"*_~'.includes(line[end - 1] ?? '')) end--;
  return end > start + scheme ? end : null;
}

/** Whether a run may open or close emphasis: CommonMark's flanking rules (`_` not inside words). */
function delimiterRun(line: string, start: number, length: number, char: '*' | '_' | '~'): Delimiter {
  const before = line[start - 1];
  const after = line[start + length];
  const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
  const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
  const underscore = char === '_';
  return {
    kind: 'delimiter',
    char,
    count: length,
    canOpen: leftFlanking && (!underscore || !rightFlanking || isPunctuation(before)),
    canClose: rightFlanking && (!underscore || !leftFlanking || isPunctuation(after)),
    position: start,
    opens: [],
    closes: [],
  };
}

/**
 * Pairs closing runs with the nearest open run of the same character, innermost first: two
 * characters of each for strong emphasis when both have them, else one; `~`/`~~` only with a run of
 * the same length. Open runs of other characters between a pair can no longer close and are dropped.
 */
function pairEmphasis(delimiters: Delimiter[]): void {
  const open: Record<Delimiter['char'], Delimiter[]> = { '*': [], _: [], '~': [] };
  for (const closer of delimiters) {
    if (closer.canClose) {
      while (closer.count > 0) {
        const stack = open[closer.char];
        const opener = stack[stack.length - 1];
        if (opener === undefined) break;
        if (closer.char === '~' && (opener.count !== closer.count || opener.count > 2)) break;
        const used = closer.char === '~' ? opener.count : opener.count >= 2 && closer.count >= 2 ? 2 : 1;
        const mark = closer.char === '~' ? MARK.strike : used === 2 ? MARK.strong : MARK.emphasis;
        for (const other of Object.values(open)) {
          if (other === stack) continue;
          while ((other[other.length - 1]?.position ?? -1) > opener.position) other.pop();
        }
        opener.opens.push(mark);
        closer.closes.push(mark);
        opener.count -= used;
        closer.count -= used;
        if (opener.count === 0) stack.pop();
      }
    }
    if (closer.count > 0 && closer.canOpen) open[closer.char].push(closer);
  }
}

/** A run as WhatsApp text: the marks it closes, what is left of it as written, the marks it opens. */
function renderDelimiter(delimiter: Delimiter, inHeading: boolean): string {
  const mark = (value: string): string => (inHeading && value === MARK.strong ? '' : value);
  return [...delimiter.closes.map(mark), delimiter.char.repeat(delimiter.count), ...[...delimiter.opens].reverse().map(mark)].join('');
}
