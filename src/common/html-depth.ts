/** Elements that never hold content, so their start tag opens no level. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * Whether elements nest deeper than `maxDepth`, in one pass: a start tag opens a level (void
 * elements and self-closed tags do not), an end tag closes one. An approximation of what the
 * parser builds, erring towards deep: enough to keep pathological markup away from it.
 */
export function htmlNestsDeeperThan(html: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    const closing = html[i + 1] === '/';
    let end = i + (closing ? 2 : 1);
    while (end < html.length && isTagNameChar(html.charCodeAt(end))) end++;
    const name = html.slice(i + (closing ? 2 : 1), end).toLowerCase();
    if (name === '') continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (!VOID_ELEMENTS.has(name)) {
      const close = html.indexOf('>', end);
      if (close < 0) break;
      if (html[close - 1] !== '/' && ++depth > maxDepth) return true;
      i = close;
    }
  }
  return false;
}

function isTagNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x3a;
}
