/**
 * Rule-based routing (SPEC §5 step 2): a task prompt's `selectionRules` are keywords or phrases
 * matched case-insensitively against the message as whole words (a phrase's words may be separated
 * by any whitespace). A trailing `*` matches any word ending (`übersetz*` → übersetze, übersetzen).
 * Word edges are Unicode letters and digits, so `café` does not match inside `cafés` and `draw`
 * not inside `drawer`; rules in scripts written without spaces (Han, kana, Thai …) match anywhere.
 */

/** Scripts without spaces between words: there a word boundary means nothing. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';
const MAX_CACHED_RULES = 2_000;

const compiled = new Map<string, RegExp | null>();

/** Folds the variants that should not decide a match: Unicode composition and typographic apostrophes. */
export function normalizeForMatching(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u02BC]/g, "'");
}

/** The regular expression for one rule, or null for a blank rule (which never matches). */
export function compileRule(rule: string): RegExp | null {
  const cached = compiled.get(rule);
  if (cached !== undefined) return cached;
  const regex = buildRule(rule);
  if (compiled.size >= MAX_CACHED_RULES) compiled.clear();
  compiled.set(rule, regex);
  return regex;
}

function buildRule(rule: string): RegExp | null {
  let phrase = normalizeForMatching(rule).trim().replace(/\s+/g, ' ');
  const prefix = phrase.endsWith('*');
  if (prefix) phrase = phrase.replace(/\*+$/, '').trimEnd();
  if (phrase === '') return null;
  const body = phrase
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  const first = phrase[0] ?? '';
  const last = phrase[phrase.length - 1] ?? '';
  const start = UNSPACED_SCRIPT.test(first) ? '' : `(?<!${WORD_CHAR})`;
  const end = prefix ? `${WORD_CHAR}*` : UNSPACED_SCRIPT.test(last) ? '' : `(?!${WORD_CHAR})`;
  return new RegExp(`${start}${body}${end}`, 'iu');
}

export function ruleMatches(text: string, rule: string): boolean {
  return compileRule(rule)?.test(normalizeForMatching(text)) ?? false;
}

export interface RuleCandidate {
  topic: string;
  enabled: boolean;
  selectionRules: readonly string[];
}

/**
 * The first enabled prompt (in the given priority order) with a rule that matches, and that rule.
 * Disabled prompts never match.
 */
export function findRuleMatch<T extends RuleCandidate>(text: string, prompts: readonly T[]): { prompt: T; rule: string } | null {
  const normalized = normalizeForMatching(text);
  for (const prompt of prompts) {
    if (!prompt.enabled) continue;
    for (const rule of prompt.selectionRules) {
      if (compileRule(rule)?.test(normalized)) return { prompt, rule };
    }
  }
  return null;
}
