import type { Classification } from './classification';
import { toIso6391 } from './language-codes';

/** What the AI sorter decided, once its output has been validated. */
export interface SorterVerdict {
  topic: string;
  /** ISO 639-1, or null when the sorter gave no usable code (the caller detects the language). */
  language: string | null;
  webSearch: boolean;
  multiStep: boolean;
  media?: Classification['media'];
}

export type SorterParseResult = { ok: true; verdict: SorterVerdict } | { ok: false; error: string };

const MEDIA = new Set<string>(['image', 'audio', 'video', 'document']);

const FENCE = '```';

/**
 * Removes one Markdown code fence around the whole answer (```json … ```), which models add unasked.
 * Compared as strings: one pattern for the fence, its info string and the body, with optional
 * whitespace around a lazy body, backtracks cubically on a long unclosed fence.
 */
export function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const fenced = trimmed.length >= 2 * FENCE.length && trimmed.startsWith(FENCE) && trimmed.endsWith(FENCE);
  // The info string ("json") stands right after the opening fence.
  return fenced ? trimmed.slice(FENCE.length, -FENCE.length).replace(/^[\w-]*/, '').trim() : trimmed;
}

/**
 * Validates the sorter's answer: exactly one JSON object
 * `{topic, language, webSearch, multiStep, media?}`, nothing before or after it but an optional
 * code fence; `topic` one of `knownTopics`; booleans really booleans; `media` one of
 * image|audio|video|document, or null/absent. Extra keys (a model's "reason") are ignored.
 */
export function parseSorterOutput(raw: string, knownTopics: readonly string[]): SorterParseResult {
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(raw));
  } catch {
    return { ok: false, error: 'the sorter did not answer with a single JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'the sorter answer is not a JSON object' };
  }
  const answer = value as Record<string, unknown>;
  const { topic, language, webSearch, multiStep, media } = answer;
  if (typeof topic !== 'string') return { ok: false, error: 'topic is missing or not a string' };
  const known = knownTopics.find((t) => t === topic.trim().toLowerCase());
  if (known === undefined) return { ok: false, error: `topic "${topic.slice(0, 64)}" is not a known topic` };
  if (typeof language !== 'string') return { ok: false, error: 'language is missing or not a string' };
  if (typeof webSearch !== 'boolean') return { ok: false, error: 'webSearch is missing or not a boolean' };
  if (typeof multiStep !== 'boolean') return { ok: false, error: 'multiStep is missing or not a boolean' };
  if (media !== undefined && media !== null && (typeof media !== 'string' || !MEDIA.has(media))) {
    return { ok: false, error: 'media must be one of image, audio, video, document' };
  }
  const verdict: SorterVerdict = { topic: known, language: toIso6391(language), webSearch, multiStep };
  if (typeof media === 'string') verdict.media = media as NonNullable<Classification['media']>;
  return { ok: true, verdict };
}
