/**
 * What a person actually wrote in an e-mail, without the history their client quoted below it or
 * their signature: the pipeline should answer the new message, not the whole thread again.
 *
 * Everything here is line-by-line string work (prefix and suffix checks, a fixed look-ahead of a
 * few lines), so the cost is linear in the text, which is bounded first; no regular expression
 * ever sees a whole line of someone's mail.
 */

/** Longer bodies are cut before they are read (the pipeline takes 32,000 characters at most anyway). */
export const MAX_BODY_CHARS = 100_000;
/** Attribution lines ("On … wrote:") are short; a long line ending in "wrote:" is prose. */
const MAX_ATTRIBUTION_CHARS = 300;
/** The wrapped second line of an attribution: the address and "wrote:". */
const MAX_WRAPPED_ATTRIBUTION_CHARS = 120;
/** Footers like "Sent from my iPhone" are one short line. */
const MAX_FOOTER_CHARS = 70;
/** How far below a "From:" line an Outlook header block shows its "Sent:" / "Date:" line. */
const HEADER_BLOCK_LOOKAHEAD = 4;

/**
 * A mail client's line introducing the quoted message: it opens with `starts`, names the verb
 * ("On … Bob wrote:", "Am … schrieb Bob <…>:") and ends with a colon. Lower case, accents kept.
 */
const ATTRIBUTIONS: ReadonlyArray<{ starts: string; verbs: readonly string[] }> = [
  { starts: 'on ', verbs: ['wrote', 'writes'] },
  { starts: 'am ', verbs: ['schrieb', 'geschrieben'] },
  { starts: 'le ', verbs: ['a écrit', 'a ecrit'] },
  { starts: 'el ', verbs: ['escribió', 'escribio'] },
  { starts: 'il ', verbs: ['ha scritto'] },
  { starts: 'em ', verbs: ['escreveu'] },
  { starts: 'op ', verbs: ['schreef', 'geschreven'] },
];

/** Outlook's and others' separator before a quoted message: "-----Original Message-----". */
const ORIGINAL_MESSAGE_MARKERS = ['original message', 'ursprüngliche nachricht', 'originalnachricht', "message d'origine", 'mensaje original', 'messaggio originale', 'mensagem original', 'oorspronkelijk bericht'];

const FORWARD_MARKERS = ['forwarded message', 'begin forwarded message', 'weitergeleitete nachricht', 'message transféré', 'mensaje reenviado', 'messaggio inoltrato', 'mensagem encaminhada', 'doorgestuurd bericht'];

/** The first and a later line of an Outlook header block ("From: … / Sent: …"), per language. */
const HEADER_FROM = ['from:', 'von:', 'de:', 'de :', 'da:', 'van:'];
const HEADER_SENT = ['sent:', 'date:', 'gesendet:', 'datum:', 'envoyé :', 'envoyé:', 'date :', 'enviado:', 'enviado el:', 'fecha:', 'inviato:', 'data:', 'verzonden:'];

/** Mobile and webmail footers, as the start of a short last line. */
const FOOTERS = [
  'sent from my ',
  'sent from outlook',
  'sent from mail for ',
  'sent from yahoo mail',
  'sent via ',
  'get outlook for ',
  'von meinem ',
  'gesendet von meinem ',
  'gesendet mit ',
  'envoyé de mon ',
  'envoyé depuis ',
  'obtenir outlook pour ',
  'enviado desde mi ',
  'enviado desde ',
  'obtener outlook para ',
  'inviato da ',
  'enviado do meu ',
  'verzonden vanaf mijn ',
  'verstuurd vanaf mijn ',
];

/**
 * The new part of a reply: the text above the quoted history (an attribution line, an
 * "Original Message" separator or an Outlook header block), without `>` quoted lines, without the
 * signature (below "-- ") and without a trailing "Sent from my iPhone". When nothing is left (the
 * whole mail was a quote), the text is kept as it came, so nothing a person sent is dropped.
 */
export function extractReplyText(body: string): string {
  const bounded = body.slice(0, MAX_BODY_CHARS);
  const lines = bounded.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isForwardMarker(line)) {
      for (let j = i; j < lines.length; j++) kept.push(lines[j] ?? '');
      break;
    }
    if (startsQuotedHistory(lines, i) || isSignatureDelimiter(line)) break;
    if (!line.trimStart().startsWith('>')) kept.push(line);
  }
  dropTrailingFooters(kept);
  const text = collapseBlankRuns(kept.join('\n').trim());
  return text === '' ? bounded.trim() : text;
}

function startsQuotedHistory(lines: readonly string[], index: number): boolean {
  const line = folded(lines[index] ?? '');
  if (line === '') return false;
  return isAttribution(line, lines[index + 1]) || isOriginalMessageMarker(line) || isHeaderBlock(lines, index);
}

/**
 * "On Mon, 1 Jan 2024, Ann <ann@example.org> wrote:" on one line, or wrapped onto the next
 * ("… Ann <" / "ann@example.org> wrote:"). It always names a date or an address, which keeps
 * prose like "On reflection, this is what she wrote:" in.
 */
function isAttribution(line: string, next: string | undefined): boolean {
  if (line.length > MAX_ATTRIBUTION_CHARS || !namesDateOrAddress(line)) return false;
  const nextLine = next === undefined ? '' : folded(next);
  return ATTRIBUTIONS.some(({ starts, verbs }) => {
    if (!line.startsWith(starts)) return false;
    if (line.endsWith(':') && verbs.some((verb) => line.includes(verb))) return true;
    if (nextLine.length > MAX_WRAPPED_ATTRIBUTION_CHARS || !nextLine.endsWith(':')) return false;
    return verbs.some((verb) => stripRuns(nextLine, ': ') === verb || (nextLine.includes(verb) && nextLine.includes('@')));
  });
}

function namesDateOrAddress(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || code === 0x40) return true;
  }
  return false;
}

/** "-----Original Message-----", "----- Ursprüngliche Nachricht -----". */
function isOriginalMessageMarker(line: string): boolean {
  return line.startsWith('--') && ORIGINAL_MESSAGE_MARKERS.includes(stripRuns(line, '- '));
}

/** "---------- Forwarded message ---------", "Begin forwarded message:": what follows is material, kept whole. */
function isForwardMarker(line: string): boolean {
  const inner = stripRuns(folded(line), '-: ');
  return FORWARD_MARKERS.includes(inner);
}

/** "From: Ann" followed within a few lines by "Sent: …" or "Date: …": Outlook's quoted header block. */
function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const line = folded(lines[index] ?? '');
  if (!startsWithAny(stripRuns(line, '*'), HEADER_FROM)) return false;
  for (let i = index + 1; i <= index + HEADER_BLOCK_LOOKAHEAD && i < lines.length; i++) {
    if (startsWithAny(stripRuns(folded(lines[i] ?? ''), '*'), HEADER_SENT)) return true;
  }
  return false;
}

/** The signature delimiter is "-- " (RFC 3676); many clients trim it to "--". */
function isSignatureDelimiter(line: string): boolean {
  return line === '-- ' || line === '--';
}

/** Trailing blank lines, footers, and rules ("_____" above an Outlook header block that was cut). */
function dropTrailingFooters(lines: string[]): void {
  for (;;) {
    const last = folded(lines.at(-1) ?? '');
    const isRule = last !== '' && stripRuns(last, '_-') === '';
    const isFooter = last.length <= MAX_FOOTER_CHARS && startsWithAny(last, FOOTERS);
    if (lines.length === 0 || (last !== '' && !isRule && !isFooter)) return;
    lines.pop();
  }
}

/** Three or more blank lines (left where quotes were) become one. */
function collapseBlankRuns(text: string): string {
  const out: string[] = [];
  let blanks = 0;
  for (const line of text.split('\n')) {
    blanks = line.trim() === '' ? blanks + 1 : 0;
    if (blanks <= 1) out.push(line);
  }
  return out.join('\n');
}

/** Lower case, trimmed, non-breaking spaces (French typography) made plain. */
function folded(line: string): string {
  return line.replaceAll('\u00a0', ' ').replaceAll('\u202f', ' ').trim().toLowerCase();
}

function startsWithAny(line: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => line.startsWith(prefix));
}

/** `text` without runs of `characters` at either end. */
function stripRuns(text: string, characters: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && characters.includes(text.charAt(start))) start++;
  while (end > start && characters.includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
