import type { ChatMessage } from '../ai.types';
import { detectLanguage, STOPWORDS } from '../language';
import { isOfflineNotice, offlineTexts } from './offline-texts';

export type ExtractiveKind = 'matching' | 'central' | 'summary' | 'no-material';

export interface ExtractiveAnswer {
  text: string;
  /** ISO 639-1 code of the request, the language of the preface. */
  language: string;
  kind: ExtractiveKind;
}

/** One piece of material: a passage, a message, a pasted text; `mark` is the source number it is cited by. */
interface Block {
  text: string;
  mark?: number;
  /** Written by the user: their questions are never quoted back to them as material. */
  asked?: boolean;
}

interface Sentence {
  text: string;
  /** Which piece of material it came from, and its position there: adjacent sentences join. */
  block: number;
  position: number;
  terms: string[];
}

const MAX_SENTENCES = 6;
const MIN_SENTENCES = 3;
/** How much a sentence's closeness to the whole material counts next to its match with the request. */
const CENTRALITY_WEIGHT = 0.1;
/** Matching sentences must reach this share of the best match's relevance. */
const RELATIVE_CUTOFF = 0.35;
/** How much being a text's first sentence counts in a summary-like extract (halving for the second …). */
const LEAD_BONUS = 0.5;
/** A latest message this long carries material of its own (a pasted text) besides the request. */
const PASTED_MATERIAL_CHARS = 280;
/** Shorter messages carry material after their first line (or after "Summarize:") when it is at least this long, or two sentences. */
const SHORT_MATERIAL_CHARS = 120;
/** Sentences read from all material together: the scoring stays linear and bounded on the largest inputs. */
const MAX_SENTENCES_READ = 5_000;
/**
 * Beginnings of the words that ask for a summary, in the languages the offline texts speak and a
 * few more ("summarize", "fasse zusammen", "résume", "resumen", "riassumi", "özetle", "tl;dr" …).
 */
const SUMMARY_STEMS = ['summar', 'zusammen', 'kurzfass', 'résum', 'resum', 'riassum', 'sintetizz', 'sintetiz', 'özet', 'ozet', 'samenvat', 'tl;dr', 'tldr'];

/**
 * Where a system message holds material rather than instructions: after a header line such as
 * "Context:" / "Sources:" / "Kontext:", inside <context> or <documents> tags, or numbered "[1] …"
 * passages. Everything else in a system message is instructions and never quoted.
 */
const CONTEXT_HEADER =
  /^\s*(?:#+\s*)?(?:context|sources?|documents?|passages?|excerpts?|search results?|retrieved[^:]*|kontext|quellen|dokumente|auszüge|suchergebnisse|contexte|extraits|résultats de recherche|contexto|fuentes|documentos|fragmentos|resultados de búsqueda)\b[^\n]{0,60}:?\s*$/i;
// A section never holds its own opening tag: each tag is read up to the next of its name, so a run
// of unclosed tags costs one pass, not one pass per tag.
const CONTEXT_TAG = /<(context|documents?|sources?|passages?)>((?:(?!<\/?\1>)[\s\S])*)<\/\1>/gi;
const NUMBERED_PASSAGE = /^\s*\[(\d{1,4})\]\s*/;
/** A sentence that asks: it ends with a question mark (Latin, full-width or Arabic). */
const QUESTION_END = /[?？؟]\W{0,3}$/u;

/**
 * The offline provider's answer: the sentences of the supplied material (context passages, the
 * conversation, text pasted into the request) that best match the latest request, by tf-idf, in
 * their original order, under a one-line preface that says no AI model wrote it. Deterministic.
 */
export function extractiveAnswer(messages: readonly ChatMessage[]): ExtractiveAnswer {
  const latestIndex = findLastIndex(messages, (m) => m.role === 'user');
  const latest = latestIndex >= 0 ? (messages[latestIndex]?.content ?? '') : '';
  const { instruction, pasted, label } = splitRequest(latest);
  // A summary of a pasted text is its central sentences, whatever words the request shares with them.
  const summary = pasted !== '' && asksForSummary(instruction);
  // A bare label ("Text to summarize:") says nothing about the user's language; the text does.
  const language = detectLanguage(label && pasted ? pasted : instruction || latest);
  const texts = offlineTexts(language);

  const blocks: Block[] = [];
  messages.forEach((message, index) => {
    if (index === latestIndex) return;
    if (message.role === 'system') blocks.push(...contextSections(message.content).flatMap(numberedBlocks));
    else blocks.push({ text: message.content, asked: message.role === 'user' });
  });
  // In a short message, what follows the lead-in may be more of the user's own questions: those are never quoted back.
  if (pasted) blocks.push({ text: pasted, asked: latest.trim().length <= PASTED_MATERIAL_CHARS });

  const sentences = dedupe(
    blocks.flatMap((block, blockIndex) =>
      splitSentences(block.text)
        .map((text, position) => ({ text, block: blockIndex, position, terms: terms(text) }))
        // What the user asked before is not material: quoting it back would answer nothing.
        .filter((sentence) => !(block.asked && QUESTION_END.test(sentence.text)))
        // A summary is of the text the user gave, not of the conversation around it.
        .filter(() => !summary || blockIndex === blocks.length - 1),
    ),
  ).slice(0, MAX_SENTENCES_READ);
  if (sentences.length === 0) return { text: texts.noMaterial, language, kind: 'no-material' };

  const { chosen, matched } = choose(sentences, summary ? [] : terms(instruction));
  if (summary) return { text: `${texts.summary}\n\n${quote(chosen, blocks)}`, language, kind: 'summary' };
  const kind: ExtractiveKind = matched ? 'matching' : 'central';
  return { text: `${matched ? texts.matching : texts.central}\n\n${quote(chosen, blocks)}`, language, kind };
}

function asksForSummary(instruction: string): boolean {
  const words = instruction.toLowerCase().match(/[\p{L};]+/gu) ?? [];
  return words.some((word) => SUMMARY_STEMS.some((stem) => word.startsWith(stem)));
}

/**
 * The request proper, and any material pasted after it: after its first line ("Summarize
 * this:\n<text>"), after a short lead-in and a colon ("Fasse zusammen: <text>"), or after its
 * first sentence in a long message. `label`: the request is only a label ending in a colon.
 */
function splitRequest(latest: string): { instruction: string; pasted: string; label: boolean } {
  const trimmed = latest.trim();
  const newline = trimmed.indexOf('\n');
  if (newline > 0 && newline <= 200) {
    const first = trimmed.slice(0, newline).trim();
    const rest = trimmed.slice(newline + 1).trim();
    const label = first.endsWith(':');
    if ((label && !QUESTION_END.test(rest)) || trimmed.length > PASTED_MATERIAL_CHARS || carriesMaterial(rest)) return { instruction: first, pasted: rest, label };
  }
  const colon = trimmed.indexOf(':');
  if (colon > 0 && colon <= 80 && carriesMaterial(trimmed.slice(colon + 1))) {
    return { instruction: trimmed.slice(0, colon).trim(), pasted: trimmed.slice(colon + 1).trim(), label: false };
  }
  if (trimmed.length <= PASTED_MATERIAL_CHARS) return { instruction: trimmed, pasted: '', label: false };
  const [first = '', ...rest] = splitSentences(trimmed);
  return { instruction: first, pasted: rest.join(' '), label: false };
}

/** Text long enough, or of two sentences or more, to be material rather than the rest of a question. */
function carriesMaterial(text: string): boolean {
  return text.trim().length >= SHORT_MATERIAL_CHARS || splitSentences(text).length >= 2;
}

function contextSections(content: string): string[] {
  const sections: string[] = [];
  for (const match of content.matchAll(CONTEXT_TAG)) sections.push(match[2] ?? '');
  const withoutTags = content.replace(CONTEXT_TAG, ' ');
  const lines = withoutTags.split('\n');
  const header = lines.findIndex((line) => CONTEXT_HEADER.test(line));
  if (header >= 0) sections.push(lines.slice(header + 1).join('\n'));
  else sections.push(...lines.filter((line) => NUMBERED_PASSAGE.test(line)));
  return sections;
}

/**
 * A section's numbered passages (`[n] …`, with their continuation lines) as blocks cited by `n`;
 * a section without any is one block. Lines before the first passage label the list ("Passages
 * from …:"): they are not material.
 */
function numberedBlocks(section: string): Block[] {
  if (!section.trim()) return [];
  const lines = section.split('\n');
  if (!lines.some((line) => NUMBERED_PASSAGE.test(line))) return [{ text: section }];
  const blocks: Block[] = [];
  for (const line of lines) {
    const numbered = NUMBERED_PASSAGE.exec(line);
    const current = blocks.at(-1);
    if (numbered) blocks.push({ text: line.slice(numbered[0].length), mark: Number(numbered[1]) });
    else if (current) current.text += `\n${line}`;
  }
  return blocks;
}

export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) =>
      line
        .replace(/^\s*(?:>\s*)+/, '')
        .replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '')
        .trim(),
    )
    // A Markdown heading labels material (a section, a step's result), and so does a short line
    // ending in a colon ("Results of the steps:"); neither is a statement to quote.
    .filter((line) => line !== '' && !isOfflineNotice(line) && !/^#{1,6}\s/.test(line) && !(line.endsWith(':') && line.length <= 60))
    .flatMap((line) => line.split(/(?<=[.!?…。！？])\s+(?=[\p{Lu}\p{N}"'«„“(¿¡[])/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => (sentence.match(/\p{L}/gu)?.length ?? 0) >= 3);
}

/** Suffixes folded away so "price", "prices", "priced" and "pricing" count as one term. */
const SUFFIXES = ['ungen', 'ation', 'ing', 'ung', 'ed', 'es', 'en', 'er', 'ly', 's', 'e'];
const STEM_LENGTH = 6;

/** Lower-cased content words, crudely stemmed (suffix folding, then truncation), function words dropped. */
function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length > 1 && !STOPWORDS.has(word)).map(stem);
}

function stem(word: string): string {
  const suffix = word.length > 4 ? SUFFIXES.find((s) => word.endsWith(s) && word.length - s.length >= 3) : undefined;
  return (suffix ? word.slice(0, -suffix.length) : word).slice(0, STEM_LENGTH);
}

function dedupe(sentences: Sentence[]): Sentence[] {
  const seen = new Set<string>();
  return sentences.filter((s) => {
    const key = s.text.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Vector = Map<string, number>;

function choose(sentences: Sentence[], queryTerms: string[]): { chosen: Sentence[]; matched: boolean } {
  const df = new Map<string, number>();
  for (const s of sentences) for (const term of new Set(s.terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string): number => Math.log((sentences.length + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  const vectorOf = (words: string[]): Vector => {
    const vector: Vector = new Map();
    for (const word of words) vector.set(word, (vector.get(word) ?? 0) + idf(word));
    return vector;
  };

  const vectors = sentences.map((s) => vectorOf(s.terms));
  const query = vectorOf(queryTerms);
  const centroid: Vector = new Map();
  for (const vector of vectors) for (const [term, weight] of vector) centroid.set(term, (centroid.get(term) ?? 0) + weight);

  const relevance = vectors.map((v) => cosine(v, query));
  const best = Math.max(...relevance);
  const matched = best > 0;
  const scored = sentences
    .map((sentence, index) => {
      const central = cosine(vectors[index] ?? new Map(), centroid);
      // Without a match the extract is a summary: openings of texts carry their gist (lead bias).
      const base = matched ? (relevance[index] ?? 0) + CENTRALITY_WEIGHT * central : central * (1 + LEAD_BONUS / (sentence.position + 1));
      // Fragments ("Yes.", headings) say little out of context.
      const brevity = sentence.terms.length < 3 ? 0.6 : 1;
      // A sentence sharing one common word with the request is not an answer when others share its point.
      return { index, score: base * brevity, eligible: !matched || (relevance[index] ?? 0) >= RELATIVE_CUTOFF * best };
    })
    .filter((s) => s.eligible && s.score > 0);

  const limit = Math.min(MAX_SENTENCES, Math.max(MIN_SENTENCES, Math.ceil(sentences.length * 0.2)));
  const picked = scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.index)
    .sort((a, b) => a - b);
  // Material with no content words at all (only function words) still gets quoted from its start.
  const chosen = picked.length > 0 ? picked.map((i) => sentences[i]) : sentences.slice(0, limit);
  return { chosen, matched };
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  const norm = (v: Vector): number => Math.sqrt([...v.values()].reduce((sum, w) => sum + w * w, 0));
  return dot / (norm(a) * norm(b));
}

/**
 * Adjacent sentences of one block form a paragraph; each paragraph is a Markdown quote, ending with
 * its source's `[n]` when the block is a numbered passage, so the quote cites what it quotes.
 */
function quote(chosen: Sentence[], blocks: readonly Block[]): string {
  const paragraphs: { block: number; sentences: string[] }[] = [];
  let previous: Sentence | undefined;
  for (const sentence of chosen) {
    const continues = previous && previous.block === sentence.block && previous.position + 1 === sentence.position;
    if (continues) paragraphs.at(-1)?.sentences.push(sentence.text);
    else paragraphs.push({ block: sentence.block, sentences: [sentence.text] });
    previous = sentence;
  }
  return paragraphs
    .map(({ block, sentences }) => {
      const mark = blocks[block]?.mark;
      return `> ${sentences.join(' ')}${mark !== undefined ? ` [${mark}]` : ''}`;
    })
    .join('\n>\n> …\n>\n');
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
