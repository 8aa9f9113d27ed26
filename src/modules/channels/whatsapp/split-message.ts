/** WhatsApp refuses a text message body longer than this. */
export const WHATSAPP_TEXT_LIMIT = 4096;

const FENCE = '```';

/**
 * Splits a text into messages of at most `limit` characters (UTF-16 units, which never undercount
 * WhatsApp's characters): at the last paragraph or line break or sentence end in the second half of
 * the window, else at the last space, else hard (never inside a surrogate pair). A monospace block
 * cut in two is closed at the end of one part and reopened in the next, so both still render.
 */
export function splitMessage(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  // Room to close and reopen a monospace block at a cut.
  const window = limit - FENCE.length - 1;
  while (rest.length > limit) {
    const cut = cutPoint(rest, window);
    let part = rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).trimStart();
    if (count(part, FENCE) % 2 === 1) {
      part = `${part}${FENCE}`;
      rest = `${FENCE}${rest}`;
    }
    parts.push(part);
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** Where to cut `text` so the first part has at most `window` characters. */
function cutPoint(text: string, window: number): number {
  const half = Math.floor(window / 2);
  let line = -1;
  let sentence = -1;
  let space = -1;
  for (let i = window; i > 0; i--) {
    const char = text[i];
    const previous = text[i - 1];
    if (char === '\n') {
      if (previous === '\n' && i - 1 >= half) return i;
      if (line < 0) line = i;
    } else if (char === ' ' || char === '\t') {
      if (sentence < 0 && (previous === '.' || previous === '!' || previous === '?' || previous === '…')) sentence = i;
      if (space < 0) space = i;
    }
    if (i < half && space >= 0) break;
  }
  // Paragraph breaks returned above; then a line break, a sentence end, in the window's second half.
  for (const candidate of [line, sentence]) if (candidate >= half) return candidate;
  if (space > 0) return space;
  const code = text.charCodeAt(window - 1);
  // Never between the two halves of a surrogate pair (an emoji).
  return code >= 0xd800 && code <= 0xdbff ? window - 1 : window;
}

function count(text: string, needle: string): number {
  let found = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) found++;
  return found;
}
