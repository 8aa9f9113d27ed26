import { trimTrailing } from '../../common/trim-trailing';

/**
 * Rule-based routing (the classify step, docs/api.md): a task prompt's `selectionRules` are keywords or phrases
 * matched case-insensitively against the message as whole words (a phrase's words may be separated
 * by any whitespace). A trailing `*` matches any word ending (`übersetz*` → übersetze, übersetzen).
 * Word edges are Unicode letters and digits, so `café` does not match inside `cafés` and `draw`
 * not inside `drawer`; rules in scripts written without spaces (Han, kana, Thai …) match anywhere.
 *
 * Users write the rules, so each compiles to its text taken literally between word edges: nothing
 * a user writes can make the engine backtrack, and matching stays linear in the message (costing
 * per character at most the rule's length, which the API bounds like the number of rules).
 */

/** Scripts without spaces between words: there a word boundary means nothing. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';
const MAX_CACHED_RULES = 2_000;
/** The most rules one task prompt may have. */
export const MAX_SELECTION_RULES = 100;
/** The longest rule the API accepts; a longer one (stored some other way) never matches. */
export const MAX_SELECTION_RULE_LENGTH = 200;

const compiled = new Map<string, RegExp | null>();
const literals = new Map<string, string | null>();

/**
 * Folds the variants that should not decide a match: Unicode composition, typographic apostrophes
 * and runs of whitespace, which become one space (so a phrase needs no `\s+` between its words).
 */
export function normalizeForMatching(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/\s+/g, ' ');
}

/** The regular expression for one rule, or null for a blank or over-long rule (which never matches). */
export function compileRule(rule: string): RegExp | null {
  const cached = compiled.get(rule);
  if (cached !== undefined) return cached;
  const regex = buildRule(rule);
  if (compiled.size >= MAX_CACHED_RULES) compiled.clear();
  compiled.set(rule, regex);
  return regex;
}

function buildRule(rule: string): RegExp | null {
  if (rule.length > MAX_SELECTION_RULE_LENGTH) return null;
  let phrase = normalizeForMatching(rule).trim();
  const prefix = phrase.endsWith('*');
  if (prefix) phrase = trimTrailing(phrase, '*').trimEnd();
  if (phrase === '') return null;
  const body = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const first = phrase[0] ?? '';
  const last = phrase[phrase.length - 1] ?? '';
  const start = UNSPACED_SCRIPT.test(first) ? '' : `(?<!${WORD_CHAR})`;
  const end = prefix ? `${WORD_CHAR}*` : UNSPACED_SCRIPT.test(last) ? '' : `(?!${WORD_CHAR})`;
  return new RegExp(`${start}${body}${end}`, 'iu');
}

/**
 * A lower-case ASCII word every match of the rule must contain, or null when there is none to
 * rely on. Unicode-aware, case-insensitive regexes with look-behind cost milliseconds per message
 * across all rules; a plain substring test first skips nearly all of them. Only ASCII words are
 * used, where `toLowerCase` agrees with the regex's case folding.
 */
function requiredLiteral(rule: string): string | null {
  const cached = literals.get(rule);
  if (cached !== undefined) return cached;
  const words = trimTrailing(normalizeForMatching(rule).trim(), '*').toLowerCase().split(' ');
  const ascii = words.filter((word) => /^[a-z0-9]+$/.test(word));
  const literal = ascii.length > 0 ? ascii.reduce((a, b) => (b.length > a.length ? b : a)) : null;
  if (literals.size >= MAX_CACHED_RULES) literals.clear();
  literals.set(rule, literal);
  return literal;
}

function matchesNormalized(normalized: string, lower: string, rule: string): boolean {
  const literal = requiredLiteral(rule);
  if (literal !== null && !lower.includes(literal)) return false;
  return compileRule(rule)?.test(normalized) ?? false;
}

export function ruleMatches(text: string, rule: string): boolean {
  const normalized = normalizeForMatching(text);
  return matchesNormalized(normalized, normalized.toLowerCase(), rule);
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
  const lower = normalized.toLowerCase();
  for (const prompt of prompts) {
    if (!prompt.enabled) continue;
    for (const rule of prompt.selectionRules) {
      if (matchesNormalized(normalized, lower, rule)) return { prompt, rule };
    }
  }
  return null;
}
