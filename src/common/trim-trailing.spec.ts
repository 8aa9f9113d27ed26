import { describe, expect, it } from 'vitest';
import { trimTrailing } from './trim-trailing';

describe('trimTrailing', () => {
  it.each([
    ['http://ollama:11434//', '/', 'http://ollama:11434'],
    ['https://example.org/a.', '.,;:!?', 'https://example.org/a'],
    ['https://example.org/a?!.', '.,;:!?', 'https://example.org/a'],
    ['übersetz**', '*', 'übersetz'],
    ['no change', '/', 'no change'],
    ['////', '/', ''],
    ['', '/', ''],
  ])('%j without trailing %j → %j', (text, characters, expected) => {
    expect(trimTrailing(text, characters)).toBe(expected);
  });

  it('keeps the characters anywhere but at the end', () => {
    expect(trimTrailing('a/b/', '/')).toBe('a/b');
  });

  it('handles a run of the characters that does not reach the end, at the largest message size', () => {
    const run = '/'.repeat(32_000);
    expect(trimTrailing(`${run}x`, '/')).toBe(`${run}x`);
    expect(trimTrailing(`x${run}`, '/')).toBe('x');
  });
});
