import type { KnownMemory, MemoryAction } from '../memory-actions';
import type { MemoryCategory } from '../memory.entity';
import {
  DEGREE_WORDS,
  DIETS,
  FACT_WORDS,
  LANGUAGES,
  LEADING_FILLERS,
  MARITAL_STATUS,
  NEGATIONS,
  NO_LONGER,
  NOT_A_THING,
  NUMBERS,
  OCCUPATION_PREFIXES,
  OCCUPATION_WORDS,
  PHRASE_END,
  RELATIONS,
} from './lexicons';
import { compilePattern, matchPattern, tokensOf, type CompiledPattern, type PatternMatch, type Token } from './token-patterns';

/**
 * The offline memory extractor: facts a user states about themselves in English, German, French,
 * Spanish or Italian, by the kind of statement (name, home, origin, work, likes and dislikes,
 * diet and allergies, family, languages, age), with "no longer …" and "I moved to …" as updates
 * and "forget …" as deletes. Questions, hypotheticals and wishes state nothing. Statements are
 * word patterns with bounded gaps (token-patterns.ts), matched in linear time on one sentence.
 */

/** Only the start of a long message is read: facts about oneself come in short sentences. */
export const MAX_EXTRACTION_INPUT_CHARS = 2_000;
const MAX_SENTENCE_CHARS = 300;
const MAX_PHRASE_WORDS = 6;
const MAX_NAME_WORDS = 3;

type Mode = 'set' | 'merge' | 'delete';

/** One fact read from a sentence; `merge` adds the value's items to a list (languages, allergies). */
interface Fact {
  category: MemoryCategory;
  key: string;
  value: string;
  mode: Mode;
}

interface Sentence {
  text: string;
  question: boolean;
}

export function extractHeuristically(message: string, existing: readonly KnownMemory[]): MemoryAction[] {
  const facts: Fact[] = [];
  for (const sentence of sentencesOf(message.slice(0, MAX_EXTRACTION_INPUT_CHARS))) {
    const forget = afterForget(sentence.text);
    if (forget !== null) {
      const forgotten = forgottenFacts(forget, existing);
      if (forgotten === 'everything') return existing.map((memory) => ({ op: 'delete', id: memory.id }));
      facts.push(...forgotten);
      continue;
    }
    if (sentence.question || QUESTION_START.test(sentence.text) || ASKING.test(sentence.text)) continue;
    if (HYPOTHETICAL_START.test(sentence.text) || CONDITIONAL.test(sentence.text) || WOULD.test(sentence.text)) continue;
    facts.push(...factsOf(sentence.text));
  }
  return reconcile(facts, existing);
}

// ---------------------------------------------------------------------------------------------
// Sentences and the statements that are not facts

/** Splits at sentence ends and line breaks, remembering which sentences asked something. */
function sentencesOf(message: string): Sentence[] {
  const text = message.normalize('NFC').replace(/[\u2018\u2019\u02bc`´]/g, "'");
  const sentences: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    if (i < text.length && char !== '.' && char !== '!' && char !== '?' && char !== ';' && char !== '\n') continue;
    const body = text.slice(start, i).trim();
    if (body) sentences.push({ text: body.slice(0, MAX_SENTENCE_CHARS), question: char === '?' || body.startsWith('¿') });
    start = i + 1;
  }
  return sentences;
}

const QUESTION_START =
  /^(?:¿|what|where|who|whom|whose|when|why|how|which|do|does|did|is|are|can|could|would|should|will|shall|wo|was|wer|wen|wem|wie|wann|warum|wieso|weshalb|welche[rsmn]?|woher|wohin|kannst|weißt|où|quoi|qui|quand|pourquoi|comment|quel|quelle|quels|quelles|est-ce|qu'est-ce|dónde|donde|qué|quién|cuándo|cuál|cómo|dove|cosa|chi|quando|perché|quale|quali)(?![\p{L}'-])/iu;
/** Asking the assistant to tell or recall something is not telling it. */
const ASKING = /(?:do you know|do you remember|tell me|remind me|weißt du|sag mir|erinnerst du|tu sais|sais-tu|dis-moi|te souviens|sabes|dime|recuerdas|dimmi|ricordi)(?![\p{L}])/iu;
const HYPOTHETICAL_START = /^(?:suppose|supposing|imagine|assuming|let's say|what if|angenommen|stell dir vor|si|imaginons|supposons|supongamos|imagina|imaginemos|se|supponiamo|immagina|immaginiamo)(?![\p{L}])/iu;
const CONDITIONAL =
  /(?:^|[\s,])(?:if|wenn|falls|would|wish|wished|würde|würden|wäre|wären|hätte|hätten|möchte|möchten|wünschte|aimerais|voudrais|serais|aurais|souhaiterais|quisiera|querría|gustaría|sería|vorrei|sarei|avrei|vorremmo)(?![\p{L}])/iu;
const WOULD = /\b(?:i|we)'d\b/i;

// ---------------------------------------------------------------------------------------------
// Facts

/** What a pattern's capture was cut to, and the word that ended it. */
interface Phrase {
  words: string[];
  end: string | null;
  rest: string;
}

/** Words before a captured object, from the start of its clause: where "don't", "nicht mehr", "non" stand. */
interface Lead {
  negated: boolean;
  noLonger: boolean;
}

type Reader = (match: PatternMatch, lead: Lead) => Fact[];

/** Word patterns (token-patterns.ts) and what a match of any of them says. */
interface Rule {
  patterns: CompiledPattern[];
  read: Reader;
}

const rule = (patterns: string[], read: Reader): Rule => ({ patterns: patterns.map(compilePattern), read });

const single = (category: MemoryCategory, key: string, value: string | null, lead: Lead): Fact[] => {
  if (!value) return [];
  if (lead.noLonger) return [{ category, key, value, mode: 'delete' }];
  return lead.negated ? [] : [{ category, key, value, mode: 'set' }];
};

const list = (category: MemoryCategory, key: string, items: string[], lead: Lead): Fact[] =>
  items.length === 0 || lead.negated || lead.noLonger ? [] : [{ category, key, value: items.join(', '), mode: 'merge' }];

const place = (text: string, capitalised = false): string | null => {
  const words = phrase(text).words;
  const head = words.find((word) => !LEADING_FILLERS.has(word.toLowerCase()));
  if (!head || (capitalised && !/^\p{Lu}/u.test(head))) return null;
  return words.join(' ');
};

const lives: Reader = (match, lead) => single('personal', 'lives in', place(match.object), lead);
const origin: Reader = (match, lead) => single('personal', 'comes from', place(match.object, true), lead);
/** German "ich bin nach Köln gezogen": the place stands before the participle, which must be there. */
const movedDe: Reader = (match, lead) => {
  const cut = phrase(match.object);
  return cut.end === 'gezogen' || cut.end === 'umgezogen' ? single('personal', 'lives in', cut.words.join(' ') || null, lead) : [];
};
const bornDe: Reader = (match, lead) => {
  const cut = phrase(match.object);
  return cut.end === 'geboren' || cut.end === 'aufgewachsen' ? single('personal', 'comes from', cut.words.join(' ') || null, lead) : [];
};
const job: Reader = (match, lead) => single('work', 'job', stripFillers(phrase(match.object).words).join(' ') || null, lead);
const employer: Reader = (match, lead) => single('work', 'employer', place(match.object), lead);
const employerNamed: Reader = (match, lead) => single('work', 'employer', place(match.object, true), lead);

const name =
  (capitalRequired: boolean): Reader =>
  (match, lead) =>
    single('personal', 'name', nameOf(match.object, capitalRequired), lead);

/** "I'm a nurse", "ich bin Veganerin", "je suis mariée": what follows the copula says which kind of fact. */
const copula: Reader = (match, lead) => {
  const cut = phrase(match.object);
  const flags = { ...lead };
  let i = 0;
  for (; i < cut.words.length; i++) {
    const word = cut.words[i].toLowerCase();
    if (NO_LONGER.has(word)) flags.noLonger = true;
    else if (NEGATIONS.has(word)) flags.negated = true;
    else if (!LEADING_FILLERS.has(word)) break;
  }
  const head = (cut.words[i] ?? '').toLowerCase();
  if (DIETS[head]) return single('health', 'diet', DIETS[head], flags);
  if (MARITAL_STATUS[head]) return single('relationships', 'marital status', MARITAL_STATUS[head], flags);
  const occupation = cut.words.slice(i);
  if (!occupation.some(isOccupation)) return [];
  const facts = single('work', 'job', occupation.join(' '), flags);
  // "a software engineer at Siemens": the employer follows the occupation.
  if (cut.end && EMPLOYER_PREPOSITIONS.has(cut.end)) facts.push(...single('work', 'employer', place(cut.rest, true), flags));
  return facts;
};
const EMPLOYER_PREPOSITIONS = new Set(['at', 'for', 'bei', 'für', 'chez', 'pour', 'para', 'per', 'presso']);

const LIKING = new Set(['like', 'love', 'enjoy', 'adore', 'prefer', 'mag', 'liebe', 'gern', 'gerne', 'aime', 'préfère', 'gusta', 'gustan', 'encanta', 'encantan', 'adoro', 'amo', 'piace', 'piacciono']);

/** Likes and dislikes, keyed by the thing: "I don't like jazz" later replaces "likes jazz". */
const preference =
  (verbGroup: number | 'like' | 'dislike'): Reader =>
  (match, lead) => {
    const verb = typeof verbGroup === 'number' ? (match.captures[verbGroup] ?? '').toLowerCase() : verbGroup;
    const liking = verb === 'like' || LIKING.has(verb);
    const flags = { ...lead };
    const words = phrase(match.object, 5).words.filter((word) => {
      const lower = word.toLowerCase();
      if (NEGATIONS.has(lower)) flags.negated = true;
      return !NEGATIONS.has(lower) && !DEGREE_WORDS.has(lower);
    });
    if (words.length === 0 || NOT_A_THING.has(words[0].toLowerCase())) return [];
    const key = stripFillers(words).join(' ').toLowerCase();
    if (!key) return [];
    const value = words.join(' ');
    if (flags.noLonger) return [{ category: 'preferences', key, value, mode: 'delete' }];
    // "I can't stand" is a dislike however it is phrased; a negated dislike says nothing.
    if (verbGroup === 'dislike') return [{ category: 'preferences', key, value: `dislikes ${value}`, mode: 'set' }];
    if (!liking && flags.negated) return [];
    return [{ category: 'preferences', key, value: `${liking && !flags.negated ? 'likes' : 'dislikes'} ${value}`, mode: 'set' }];
  };

const favourite: Reader = (match, lead) => single('preferences', `favourite ${(match.captures[0] ?? '').toLowerCase()}`, phrase(match.object).words.join(' ') || null, lead);

const allergies: Reader = (match, lead) => list('health', 'allergies', itemsOf(match.object), lead);
const compoundAllergy: Reader = (match, lead) => list('health', 'allergies', [match.captures[0] ?? ''].filter((item) => item.length > 1), lead);

const spoken: Reader = (match, lead) => list('personal', 'languages', languagesIn(match.object), lead);
const native: Reader = (match, lead) => single('personal', 'native language', languagesIn(match.object)[0] ?? null, lead);

const relative: Reader = (match, lead) => {
  const relation = RELATIONS[(match.captures[0] ?? '').toLowerCase()];
  return relation ? single('relationships', relation, nameOf(match.object, false), lead) : [];
};
const children: Reader = (match, lead) => {
  const said = match.captures[0] ?? '';
  const count = /^\d{1,2}$/.test(said) ? Number(said) : NUMBERS[said.toLowerCase()];
  return count ? single('relationships', 'children', String(count), lead) : [];
};
const age: Reader = (match, lead) => {
  const said = match.captures[0] ?? '';
  const years = /^\d{1,3}$/.test(said) ? Number(said) : 0;
  return years > 0 && years < 130 ? single('personal', 'age', String(years), lead) : [];
};

const RULES: Rule[] = [
  // Names
  rule(['my name is *', "my name 's *", 'i am called *', 'ich heiße *', 'ich heisse *', 'mein name ist *', "je m' appelle *", 'mon (nom|prénom) est *', 'me llamo *', 'mi nombre es *', 'mi chiamo *', 'il mio nome è *'], name(false)),
  rule(['call me *', '(nenn|nennt) mich *', '(appelle-moi|appelez-moi|llámame|chiamami) *'], name(true)),
  // Where one lives, and moves
  rule(['(i|we) ~2 (live|living|reside|based|moved|relocated) (in|to|at) *', '(ich|wir) (wohne|wohnen|lebe|leben) ~3 in *', '(wohne|lebe) ich ~3 in *'], lives),
  rule(['(ich|wir) (bin|sind) ~3 nach *', '(bin|sind) (ich|wir) ~3 nach *'], movedDe),
  rule(["(j'|n') habite [plus] (à|a|en|au|aux|dans) *", 'je [ne] vis [plus] (à|en|au|aux|dans) *', "j' ai déménagé (à|en|au|aux|dans) *", 'je me suis (installé|installée) (à|en|au|aux|dans) *'], lives),
  rule(['(vivo|abito|resido) ~1 (en|a|in|ad) *', 'me [he] (mudé|mudado|trasladé|trasladado) (a|en) *', 'mi sono (trasferito|trasferita) (a|ad|in) *'], lives),
  // Where one comes from
  rule(['i am [originally] from *', 'i [originally] come from *', 'i was born in *', 'i grew up in *', '(komme|stamme) [ursprünglich] aus *', 'ich bin [ursprünglich] aus *'], origin),
  rule(['ich bin in *'], bornDe),
  rule(["je viens (de|du|des|d') *", "je suis originaire (de|du|des|d') *", 'je suis (né|née) (à|en|au|aux) *', '(soy|vengo) de *', 'nací en *', '(sono|vengo) (di|da) *', 'sono (nato|nata) (a|ad|in) *'], origin),
  // Work
  rule(['i work as *', 'my (job|profession|occupation) is *', 'ich arbeite als *', 'mein beruf ist *', 'von beruf bin ich *', 'je travaille comme *', 'mon métier est *', 'trabajo (como|de) *', 'lavoro come *'], job),
  rule(['i ~2 work (at|for) *', 'ich arbeite ~3 bei *', 'arbeite ich ~3 bei *', 'je [ne] travaille [plus] (chez|pour) *'], employer),
  rule(['trabajo (en|para) *', 'lavoro (per|presso|alla|alle|al|in) *'], employerNamed),
  // "I am …": occupations, diets, marital status
  rule(['i am *', 'ich bin *', 'je [ne] suis *', '(soy|sono|estoy) *'], copula),
  // Likes, dislikes, favourites
  rule(['i ~2 {like|love|enjoy|adore|hate|dislike|detest|prefer} *', 'ich ~2 {mag|liebe|hasse} *', "(j'|je|n'|ne) {aime|adore|déteste|préfère} *", 'me {gusta|gustan|encanta|encantan} *', 'mi {piace|piacciono} *', '{odio|adoro|detesto|amo} *'], preference(0)),
  rule(['ich ? [sehr|total] {gern|gerne} *'], preference(1)),
  rule(['i can not stand *'], preference('dislike')),
  rule(['i am [a] [big|huge] fan of *'], preference('like')),
  rule(['my (favourite|favorite) ? is *', '(mein|meine) ^lieblings ist *', '(mon|ma) ? (préféré|préférée) est *', "(mon|ma) ? (préféré|préférée) c' est *", 'mi ? (favorito|favorita) es *', '(il|la) (mio|mia) ? (preferito|preferita) è *'], favourite),
  // Allergies
  rule(['i am ~2 allergic to *', 'ich bin ~2 allergisch (gegen|auf) *', 'je suis ~2 allergique [à|aux|au] *', 'soy ~2 (alérgico|alérgica|alergico|alergica) [a] *', 'tengo alergia [a] *', 'sono ~2 (allergico|allergica) *', "ho un' allergia *"], allergies),
  rule(['i have (a|an) ? allergy', 'ich habe [eine] $allergie'], compoundAllergy),
  // Family
  rule(["my ? 's name is *", 'my ? is (called|named) *', 'i have (a|an) ? (called|named) *', '(mein|meine) ? (heißt|heisst) *', "(mon|ma) ? s' appelle *", 'mi ? se llama *', '(mio|mia) ? si chiama *'], relative),
  rule(['i have ? (kids|children|sons|daughters)', 'ich habe ? (kinder|söhne|töchter)', "j' ai ? (enfants|fils|filles)", 'tengo ? (hijos|hijas|niños)', 'ho ? (figli|figlie|bambini)'], children),
  // Languages
  rule(['i ~2 speak *', 'i am fluent in *', 'ich spreche *', 'je parle *', '(hablo|parlo) *'], spoken),
  rule(['my (native|first) language is *', 'my mother tongue is *', 'meine muttersprache ist *', 'ma langue maternelle est *', 'mi (lengua|idioma) (materna|nativa|nativo) es *', 'la mia lingua madre è *'], native),
  // Age
  rule(['i am ? (years|year|yrs) old', 'ich bin ? (jahre|jahr)', "j' ai ? ans", 'tengo ? años', 'ho ? anni'], age),
];

function factsOf(sentence: string): Fact[] {
  const tokens = tokensOf(sentence);
  const facts: Fact[] = [];
  for (const { patterns, read } of RULES) {
    // The statement a rule finds first in the sentence, whichever of its patterns finds it.
    let first: PatternMatch | null = null;
    for (const pattern of patterns) {
      const match = matchPattern(tokens, pattern);
      if (match && (!first || match.start < first.start)) first = match;
    }
    if (first) facts.push(...read(first, leadOf(tokens, first)));
  }
  return facts;
}

/** Clause words before the object: a negation in another clause ("I don't smoke, but I love jazz") does not count. */
const CLAUSE_BREAKS = new Set(['but', 'and', 'aber', 'und', 'mais', 'et', 'pero', 'y', 'ma', 'e', 'while', 'whereas']);

function leadOf(tokens: readonly Token[], match: PatternMatch): Lead {
  const before = tokens.slice(0, match.objectStart).map((token) => token.lower);
  const from = Math.max(before.lastIndexOf(','), before.findLastIndex((word) => CLAUSE_BREAKS.has(word))) + 1;
  const own = before.slice(from);
  // English alone puts it after the object ("I don't work there anymore"), in the same clause.
  const after = tokens.slice(match.objectStart).map((token) => token.lower);
  const clauseEnd = after.findIndex((word, i) => i > 0 && (word === ',' || CLAUSE_BREAKS.has(word)));
  const anymore = after.slice(0, clauseEnd < 0 ? undefined : clauseEnd).includes('anymore');
  return { negated: own.some((word) => NEGATIONS.has(word)), noLonger: anymore || own.some((word) => NO_LONGER.has(word)) };
}

/** The object's words up to the first word that ends a phrase (never its first), the next punctuation, or `max` words. */
function phrase(text: string, max = MAX_PHRASE_WORDS): Phrase {
  const stop = text.search(/[,;:()"«»“”—–/]/);
  const words = (stop >= 0 ? text.slice(0, stop) : text).split(/\s+/).map(trimPunctuation).filter(Boolean);
  for (let i = 1; i < words.length; i++) {
    const lower = words[i].toLowerCase();
    if (PHRASE_END.has(lower)) return { words: words.slice(0, Math.min(i, max)), end: lower, rest: words.slice(i + 1).join(' ') };
  }
  return { words: words.slice(0, max), end: null, rest: '' };
}

function trimPunctuation(word: string): string {
  let end = word.length;
  while (end > 0 && `.!?…'"»)`.includes(word[end - 1])) end--;
  return word.slice(0, end);
}

function stripFillers(words: string[]): string[] {
  let i = 0;
  while (i < words.length - 1 && LEADING_FILLERS.has(words[i].toLowerCase())) i++;
  // "l'eau", "d'Italie": the elided article goes too.
  return words.slice(i).map((word, n) => (n === 0 ? word.replace(/^(?:l|d|un)'/i, '') : word));
}

/** Up to three capitalised words; a lower-case name only after an unambiguous "my name is". */
function nameOf(text: string, capitalRequired: boolean): string | null {
  const words = phrase(text, MAX_NAME_WORDS).words;
  const first = words[0];
  if (!first || !/^\p{L}/u.test(first) || NEGATIONS.has(first.toLowerCase()) || LEADING_FILLERS.has(first.toLowerCase())) return null;
  if (!/^\p{Lu}/u.test(first)) return capitalRequired ? null : first[0].toUpperCase() + first.slice(1);
  const name = [first];
  for (const word of words.slice(1)) {
    if (!/^\p{Lu}/u.test(word)) break;
    name.push(word);
  }
  return name.join(' ');
}

function isOccupation(word: string): boolean {
  const lower = word.toLowerCase();
  return OCCUPATION_WORDS.has(lower) || OCCUPATION_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** "peanuts and shellfish", "aux noix": the items of a list, without articles, at most five. */
function itemsOf(text: string): string[] {
  const items: string[] = [];
  let current: string[] = [];
  const words = (text.split(/[;:()"]/)[0] ?? '').split(/[\s,]+/).map(trimPunctuation).filter(Boolean);
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lower === 'and' || lower === 'und' || lower === 'et' || lower === 'y' || lower === 'e' || lower === 'or' || lower === 'oder' || lower === 'ou' || lower === 'o') {
      if (current.length) items.push(current.join(' '));
      current = [];
      continue;
    }
    if (current.length === 0 && LEADING_FILLERS.has(lower)) continue;
    if (current.length > 0 && PHRASE_END.has(lower)) break;
    current.push(word.replace(/^(?:l|d)'/i, ''));
  }
  if (current.length) items.push(current.join(' '));
  return items.filter((item) => item.length > 1).slice(0, 5);
}

/** The languages named among the object's first words ("German and a little French"). */
function languagesIn(text: string): string[] {
  const found: string[] = [];
  for (const word of text.split(/[\s,]+/).slice(0, 8)) {
    const language = LANGUAGES[trimPunctuation(word).toLowerCase()];
    if (language && !found.includes(language)) found.push(language);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Forgetting

const POLITE = ['please', 'bitte', 'por favor', 'per favore', "s'il te plaît", "s'il vous plaît"];
const FORGET = ['forget', 'vergiss', 'oublie', 'olvida', 'olvídate de', 'dimentica'];

/** What follows "forget" (after an optional "please") at the start of the sentence, or null. */
function afterForget(sentence: string): string | null {
  let rest = sentence.toLowerCase();
  let offset = 0;
  const polite = POLITE.find((word) => rest.startsWith(word));
  if (polite) {
    offset = polite.length;
    while (offset < rest.length && (rest[offset] === ' ' || rest[offset] === ',')) offset++;
    rest = rest.slice(offset);
  }
  const verb = FORGET.find((word) => rest.startsWith(word) && !/^\p{L}/u.test(rest.slice(word.length)));
  return verb ? sentence.slice(offset + verb.length) : null;
}
const EVERYTHING = new Set(['everything', 'alles', 'tout', 'todo', 'tutto']);
const THAT = new Set(['that', 'about', 'dass', 'daß', 'que', "qu'", 'che', 'de', 'lo']);

/** What "forget …" names: the fact it restates, the kind of fact it names, or a memory whose value it quotes. */
function forgottenFacts(rest: string, existing: readonly KnownMemory[]): Fact[] | 'everything' {
  const words = rest.replace(/^[\s,]+/, '').split(/\s+/).filter(Boolean);
  if (words.some((word) => EVERYTHING.has(trimPunctuation(word).toLowerCase()))) return 'everything';
  const statement = (THAT.has(words[0]?.toLowerCase() ?? '') ? words.slice(1) : words).join(' ');
  const restated = factsOf(statement);
  if (restated.length > 0) return restated.map((fact) => ({ ...fact, mode: 'delete' }));
  const named = words.map((word) => FACT_WORDS[trimPunctuation(word).toLowerCase()]).find(Boolean);
  if (named) return [{ category: named[0] as MemoryCategory, key: named[1], value: '', mode: 'delete' }];
  const text = fold(rest);
  return existing
    .filter((memory) => memory.value.length >= 3 && text.includes(fold(memory.value)))
    .map((memory) => ({ category: memory.category, key: memory.key, value: memory.value, mode: 'delete' }));
}

// ---------------------------------------------------------------------------------------------
// From facts to changes

/** Compared as MariaDB's unicode_ci compares keys: without case or accents. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * The changes the facts make to the user's memories, in the order told: a fact already known
 * with the same value changes nothing, a new value updates it, a list gains the new items.
 */
function reconcile(facts: Fact[], existing: readonly KnownMemory[]): MemoryAction[] {
  const known = new Map(existing.map((memory) => [slotOf(memory), memory]));
  const outcome = new Map<string, { category: MemoryCategory; key: string; value: string | null }>();
  for (const fact of facts) {
    const slot = slotOf(fact);
    if (fact.mode === 'delete') {
      outcome.set(slot, { category: fact.category, key: fact.key, value: null });
      continue;
    }
    let value = fact.value;
    if (fact.mode === 'merge') {
      const earlier = outcome.has(slot) ? outcome.get(slot)?.value : known.get(slot)?.value;
      value = mergeList(earlier ?? null, fact.value);
    }
    outcome.set(slot, { category: fact.category, key: fact.key, value });
  }
  const actions: MemoryAction[] = [];
  for (const [slot, change] of outcome) {
    const memory = known.get(slot);
    if (change.value === null) {
      if (memory) actions.push({ op: 'delete', id: memory.id });
    } else if (!memory) {
      actions.push({ op: 'create', category: change.category, key: change.key, value: change.value });
    } else if (fold(memory.value) !== fold(change.value)) {
      actions.push({ op: 'update', id: memory.id, category: memory.category, key: memory.key, value: change.value });
    }
  }
  return actions;
}

function slotOf(fact: { category: string; key: string }): string {
  return `${fact.category}\u0000${fold(fact.key)}`;
}

function mergeList(earlier: string | null, added: string): string {
  const items = earlier ? earlier.split(',').map((item) => item.trim()).filter(Boolean) : [];
  for (const item of added.split(', ')) if (!items.some((known) => fold(known) === fold(item))) items.push(item);
  return items.join(', ');
}
