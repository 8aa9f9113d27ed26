/**
 * `text` without the run of `characters` (UTF-16 code units) at its end:
 * `trimTrailing('http://ollama:11434//', '/')` → `'http://ollama:11434'`.
 *
 * A loop on purpose: `/[…]+$/` is quadratic, because the engine retries the run from each of its
 * positions when it does not reach the end (`'/'.repeat(n) + 'x'`).
 */
export function trimTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}
