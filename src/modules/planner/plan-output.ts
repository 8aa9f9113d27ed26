import { stripCodeFence } from '../routing/sorter-output';

/**
 * Bounds on the search, since model output is untrusted: each candidate `{` costs a scan to its
 * matching brace and a parse, so `{{{{…` with no valid object inside would be quadratic. A plan of
 * 24 nodes is a few kilobytes and comes within the first few candidates.
 */
const MAX_ANSWER_CHARS = 100_000;
const MAX_CANDIDATES = 16;

/**
 * The first complete JSON object in a model's answer (after removing a code fence), parsed; or
 * undefined when there is none. Models wrap plans in prose or fences; the validator judges the rest.
 */
export function extractFirstJsonObject(answer: string): unknown {
  const text = stripCodeFence(answer.slice(0, MAX_ANSWER_CHARS));
  let candidates = 0;
  for (let start = text.indexOf('{'); start >= 0 && candidates++ < MAX_CANDIDATES; start = text.indexOf('{', start + 1)) {
    const end = matchingBrace(text, start);
    if (end < 0) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1)) as unknown;
    } catch {
      // A brace inside prose ("{like this}"): try the next one.
    }
  }
  return undefined;
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 if unbalanced. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}
