/** Plain-text helpers for what the widget writes into the DOM (always as text nodes). */

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Text split into plain runs and http(s) links, so links can be anchors and the rest stays text. */
export function splitLinks(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let href = match[0];
    const trailing = TRAILING.exec(href);
    // Keep a closing parenthesis that closes one inside the address (Wikipedia-style links).
    if (trailing) {
      let cut = trailing[0];
      if (cut.startsWith(')') && (href.match(/\(/g)?.length ?? 0) > (href.slice(0, -cut.length).match(/\)/g)?.length ?? 0)) cut = cut.slice(1);
      href = href.slice(0, href.length - cut.length);
    }
    if (href.length <= 'https://'.length) continue;
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: href, href });
    last = start + href.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** An http(s) URL to link to, or null: a configured privacy link must not become `javascript:`. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "15:58" in the visitor's own clock, or "" for a date that does not parse. */
export function timeOf(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}

/** When the visitor may write again, in words, for a `Retry-After` in seconds. */
export function retryPhrase(seconds: number | null, now: Date = new Date(), locale?: string): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return 'later';
  if (seconds <= 90) return 'in a minute';
  if (seconds < 3600) return `in ${Math.ceil(seconds / 60)} minutes`;
  const at = new Date(now.getTime() + seconds * 1000);
  const time = at.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return `at ${time}`;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (at.toDateString() === tomorrow.toDateString()) return `tomorrow at ${time}`;
  return `on ${at.toLocaleDateString(locale)} at ${time}`;
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
