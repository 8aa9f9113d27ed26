/** Where a streaming answer's Markdown splits into finished blocks, and whether a code fence in it has closed. */

/** Splits at blank lines outside code fences; the last piece is the one still being written. */
export function splitFinishedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineEnd = offset + line.length + 1;
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
    } else if (fence === null && line.trim() === '' && lineEnd < text.length) {
      const block = text.slice(start, offset);
      // Lists and tables continue across blank lines: keep them with what follows.
      const next = text.slice(lineEnd).match(/^[^\n]*/)?.[0] ?? '';
      if (block.trim() && !/^\s*([-*+]|\d+[.)])\s|^\s{2,}|^\|/.test(next)) {
        blocks.push(block);
        start = lineEnd;
      }
    }
    offset = lineEnd;
  }
  blocks.push(text.slice(start));
  return blocks;
}

/** Whether a fenced code block's source ends with its closing fence (an unclosed one runs to the end of the text). */
export function fenceClosed(source: string): boolean {
  const lines = source.trimEnd().split('\n');
  const opening = lines[0]?.trim() ?? '';
  const last = lines.at(-1)?.trim() ?? '';
  const marker = opening[0];
  if (lines.length < 2 || (marker !== '`' && marker !== '~')) return false;
  const openingLength = opening.length - opening.replace(marker === '`' ? /^`+/ : /^~+/, '').length;
  return last.length >= openingLength && [...last].every((char) => char === marker);
}
