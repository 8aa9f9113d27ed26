/**
 * Word patterns for the heuristic extractor, matched on a sentence's tokens without regular
 * expressions: a pattern is a few words with bounded gaps, so matching costs at most a constant
 * number of steps per token (linear in the sentence), whatever the text.
 *
 * Pattern syntax, elements separated by spaces:
 *   word        this token (lower case)
 *   (a|b)       one of these tokens          [a|b]  optionally one of them
 *   {a|b}       one of these, captured       ?      any one token, captured
 *   ~N          up to N tokens, not across a comma
 *   ^pre        a token starting with `pre`, its rest captured ("Lieblingsfarbe" → "farbe")
 *   $suf        a token ending with `suf`, its start captured ("Nussallergie" → "Nuss")
 *   *           the object: every token after this point (at least one), as written
 */

export interface Token {
  /** As written (without surrounding punctuation). */
  text: string;
  lower: string;
  /** An elided article or pronoun ("l'", "j'"): joined to the next token without a space. */
  glued: boolean;
}

export interface PatternMatch {
  /** Where the match starts. */
  start: number;
  captures: string[];
  /** The object, as written; empty for patterns without one. */
  object: string;
  /** Where the object starts (or the match ends): the tokens before it are the statement's lead. */
  objectStart: number;
}

type Step =
  | { kind: 'words'; words: ReadonlySet<string>; optional: boolean; capture: boolean }
  | { kind: 'any' }
  | { kind: 'gap'; max: number }
  | { kind: 'prefix'; affix: string }
  | { kind: 'suffix'; affix: string }
  | { kind: 'object' };

export type CompiledPattern = readonly Step[];

export function compilePattern(pattern: string): CompiledPattern {
  return pattern.split(' ').map((element): Step => {
    const inner = element.slice(1, -1).split('|');
    if (element === '*') return { kind: 'object' };
    if (element === '?') return { kind: 'any' };
    if (element.startsWith('~')) return { kind: 'gap', max: Number(element.slice(1)) };
    if (element.startsWith('^') && element.length > 1) return { kind: 'prefix', affix: element.slice(1) };
    if (element.startsWith('$') && element.length > 1) return { kind: 'suffix', affix: element.slice(1) };
    if (element.startsWith('(') && element.endsWith(')')) return { kind: 'words', words: new Set(inner), optional: false, capture: false };
    if (element.startsWith('[') && element.endsWith(']')) return { kind: 'words', words: new Set(inner), optional: true, capture: false };
    if (element.startsWith('{') && element.endsWith('}')) return { kind: 'words', words: new Set(inner), optional: false, capture: true };
    return { kind: 'words', words: new Set([element]), optional: false, capture: false };
  });
}

/** The first place the pattern matches, trying the shortest gaps first. */
export function matchPattern(tokens: readonly Token[], steps: CompiledPattern): PatternMatch | null {
  for (let start = 0; start < tokens.length; start++) {
    const found = matchAt(tokens, steps, 0, start, []);
    if (found) return { ...found, start };
  }
  return null;
}

function matchAt(tokens: readonly Token[], steps: CompiledPattern, s: number, t: number, captures: string[]): PatternMatch | null {
  if (s === steps.length) return { start: 0, captures, object: '', objectStart: t };
  const step = steps[s];
  const token = tokens[t];
  switch (step.kind) {
    case 'object':
      return t < tokens.length ? { start: 0, captures, object: joinTokens(tokens.slice(t)), objectStart: t } : null;
    case 'gap':
      for (let skip = 0; skip <= step.max; skip++) {
        if (skip > 0 && (t + skip > tokens.length || tokens[t + skip - 1]?.lower === ',')) return null;
        const found = matchAt(tokens, steps, s + 1, t + skip, captures);
        if (found) return found;
      }
      return null;
    case 'words':
      if (token && step.words.has(token.lower)) {
        const found = matchAt(tokens, steps, s + 1, t + 1, step.capture ? [...captures, token.lower] : captures);
        if (found) return found;
      }
      return step.optional ? matchAt(tokens, steps, s + 1, t, captures) : null;
    case 'any':
      return token && token.lower !== ',' ? matchAt(tokens, steps, s + 1, t + 1, [...captures, token.text]) : null;
    case 'prefix':
      return token && token.lower.startsWith(step.affix) && token.lower.length > step.affix.length
        ? matchAt(tokens, steps, s + 1, t + 1, [...captures, token.text.slice(step.affix.length)])
        : null;
    case 'suffix':
      return token && token.lower.endsWith(step.affix) && token.lower.length > step.affix.length
        ? matchAt(tokens, steps, s + 1, t + 1, [...captures, token.text.slice(0, -step.affix.length).replace(/-$/, '')])
        : null;
  }
}

/** Contractions read as their words, so patterns and negations see "i am", "do not". */
const CONTRACTIONS: Readonly<Record<string, readonly string[]>> = {
  "i'm": ['i', 'am'], "i've": ['i', 'have'], "i'd": ['i', 'would'], "i'll": ['i', 'will'], "we're": ['we', 'are'], "we've": ['we', 'have'],
  "don't": ['do', 'not'], "doesn't": ['does', 'not'], "didn't": ['did', 'not'], "can't": ['can', 'not'], cannot: ['can', 'not'],
  "won't": ['will', 'not'], "isn't": ['is', 'not'], "aren't": ['are', 'not'], "wasn't": ['was', 'not'],
};
/** French and Italian elisions split off their word: "j'habite" → "j'" "habite". */
const ELIDED = new Set(["j'", "l'", "d'", "n'", "m'", "s'", "t'", "c'", "qu'", "un'", "dell'", "all'", "nell'", "sull'"]);
const LEADING_MARKS = `"'«(¿¡“‘`;
const TRAILING_MARKS = `.!?;:)"»”’'…`;

/** A sentence's tokens: words without surrounding punctuation, commas as tokens of their own. */
export function tokensOf(sentence: string): Token[] {
  const tokens: Token[] = [];
  const push = (text: string, glued = false): void => {
    if (text) tokens.push({ text, lower: text.toLowerCase(), glued });
  };
  for (const raw of sentence.split(/\s+/)) {
    let start = 0;
    let end = raw.length;
    while (start < end && LEADING_MARKS.includes(raw[start])) start++;
    let comma = false;
    while (end > start && (raw[end - 1] === ',' || TRAILING_MARKS.includes(raw[end - 1]))) {
      if (raw[end - 1] === ',') comma = true;
      end--;
    }
    const word = raw.slice(start, end);
    const lower = word.toLowerCase();
    const apostrophe = word.indexOf("'");
    if (CONTRACTIONS[lower]) {
      for (const part of CONTRACTIONS[lower]) push(part);
    } else if (apostrophe > 0 && apostrophe < word.length - 1 && ELIDED.has(lower.slice(0, apostrophe + 1))) {
      push(word.slice(0, apostrophe + 1), true);
      push(word.slice(apostrophe + 1));
    } else if (lower.endsWith("'s") && lower !== "let's") {
      push(word.slice(0, -2));
      push("'s");
    } else {
      push(word);
    }
    if (comma) push(',');
  }
  return tokens;
}

/** Tokens back to text: words spaced, elisions glued, commas after their word. */
export function joinTokens(tokens: readonly Token[]): string {
  let text = '';
  for (const [i, token] of tokens.entries()) {
    const previous = tokens[i - 1];
    text += i === 0 || previous?.glued || token.lower === ',' ? token.text : ` ${token.text}`;
  }
  return text;
}
