import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { parseSorterOutput, stripCodeFence } from './sorter-output';

const TOPICS = ['general', 'translate', 'docsummary', 'mediamaker'];
const answer = (value: Record<string, unknown>): string => JSON.stringify(value);
const VALID = { topic: 'translate', language: 'de', webSearch: false, multiStep: true };

function errorOf(raw: string): string {
  const result = parseSorterOutput(raw, TOPICS);
  if (result.ok) throw new Error(`expected ${raw} to be rejected`);
  return result.error;
}

describe('parseSorterOutput', () => {
  it('accepts a plain JSON answer', () => {
    expect(parseSorterOutput(answer({ ...VALID, media: 'audio' }), TOPICS)).toEqual({
      ok: true,
      verdict: { topic: 'translate', language: 'de', webSearch: false, multiStep: true, media: 'audio' },
    });
  });

  it('accepts an answer in a code fence, with or without a language tag', () => {
    for (const raw of ['```json\n' + answer(VALID) + '\n```', '```\n' + answer(VALID) + '\n```', '  ```JSON ' + answer(VALID) + '```  ']) {
      expect(parseSorterOutput(raw, TOPICS)).toMatchObject({ ok: true, verdict: { topic: 'translate' } });
    }
  });

  it('rejects junk around the object, prose and empty answers', () => {
    expect(errorOf('Sure! ' + answer(VALID))).toContain('single JSON object');
    expect(errorOf(answer(VALID) + ' Hope this helps.')).toContain('single JSON object');
    expect(errorOf('```json\n' + answer(VALID) + '\n``` and more')).toContain('single JSON object');
    expect(errorOf(answer(VALID) + answer(VALID))).toContain('single JSON object');
    expect(errorOf('')).toContain('single JSON object');
    expect(errorOf('The topic is translate.')).toContain('single JSON object');
  });

  it('rejects JSON that is not an object', () => {
    expect(errorOf('[' + answer(VALID) + ']')).toContain('not a JSON object');
    expect(errorOf('"translate"')).toContain('not a JSON object');
    expect(errorOf('null')).toContain('not a JSON object');
    expect(errorOf('42')).toContain('not a JSON object');
  });

  it('rejects unknown topics', () => {
    expect(errorOf(answer({ ...VALID, topic: 'weather' }))).toContain('not a known topic');
    expect(errorOf(answer({ ...VALID, topic: '' }))).toContain('not a known topic');
  });

  it('normalises the case and spacing of a known topic', () => {
    expect(parseSorterOutput(answer({ ...VALID, topic: ' Translate ' }), TOPICS)).toMatchObject({ ok: true, verdict: { topic: 'translate' } });
  });

  it('rejects wrong types', () => {
    expect(errorOf(answer({ ...VALID, topic: 3 }))).toContain('topic');
    expect(errorOf(answer({ ...VALID, topic: ['translate'] }))).toContain('topic');
    expect(errorOf(answer({ ...VALID, language: null }))).toContain('language');
    expect(errorOf(answer({ ...VALID, webSearch: 'false' }))).toContain('webSearch');
    expect(errorOf(answer({ ...VALID, webSearch: 0 }))).toContain('webSearch');
    expect(errorOf(answer({ ...VALID, multiStep: 'yes' }))).toContain('multiStep');
    expect(errorOf(answer({ ...VALID, media: 'hologram' }))).toContain('media');
    expect(errorOf(answer({ ...VALID, media: 1 }))).toContain('media');
    const missing: Record<string, unknown> = { ...VALID };
    delete missing.multiStep;
    expect(errorOf(answer(missing))).toContain('multiStep');
  });

  it('treats null media as none and ignores extra keys', () => {
    const result = parseSorterOutput(answer({ ...VALID, media: null, reason: 'the user said übersetze' }), TOPICS);
    expect(result).toEqual({ ok: true, verdict: { topic: 'translate', language: 'de', webSearch: false, multiStep: true } });
  });

  it('keeps a valid ISO 639-1 code, takes the primary subtag of a BCP 47 tag, and drops anything else', () => {
    const languageOf = (language: string): string | null => {
      const result = parseSorterOutput(answer({ ...VALID, language }), TOPICS);
      return result.ok ? result.verdict.language : 'rejected';
    };
    expect(languageOf('fr')).toBe('fr');
    expect(languageOf('EN')).toBe('en');
    expect(languageOf('pt-BR')).toBe('pt');
    expect(languageOf('german')).toBeNull();
    expect(languageOf('xx')).toBeNull();
    expect(languageOf('')).toBeNull();
  });

  it('strips only a fence around the whole answer', () => {
    expect(stripCodeFence('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(stripCodeFence('{"a":"```"}')).toBe('{"a":"```"}');
  });

  it('reads answers of the largest message size built to make a fence pattern backtrack', () => {
    const fence = '```';
    const unclosed = `${fence}\t${'\t'.repeat(MAX_MESSAGE_LENGTH)}x`;
    expect(stripCodeFence(unclosed)).toBe(unclosed);
    const padded = `${fence}json${' '.repeat(MAX_MESSAGE_LENGTH / 2)}\n{"a":1}${'\n'.repeat(MAX_MESSAGE_LENGTH / 2)}${fence}`;
    expect(stripCodeFence(padded)).toBe('{"a":1}');
    const fences = Math.floor(MAX_MESSAGE_LENGTH / fence.length);
    expect(stripCodeFence(fence.repeat(fences))).toBe(fence.repeat(fences - 2));
  });
});
