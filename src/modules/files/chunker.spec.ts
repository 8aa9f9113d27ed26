import { describe, expect, it } from 'vitest';
import { chunkDocument, splitToFit } from './chunker';

const words = (count: number, word = 'word'): string => Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ');

describe('chunkDocument', () => {
  it('keeps small sections whole, each with its page or heading path', () => {
    const chunks = chunkDocument({
      sections: [
        { page: 1, text: 'Page one.' },
        { page: 2, text: 'Page two.' },
        { headings: ['Guide', 'Setup'], text: 'Run it.\n\nThen test it.' },
      ],
    });

    expect(chunks).toEqual([
      { index: 0, page: 1, text: 'Page one.' },
      { index: 1, page: 2, text: 'Page two.' },
      { index: 2, headings: ['Guide', 'Setup'], text: 'Run it.\n\nThen test it.' },
    ]);
  });

  it('never lets a chunk span two sections, and never overlaps across them', () => {
    const chunks = chunkDocument({ sections: [{ page: 1, text: 'alpha' }, { page: 2, text: 'beta' }] }, { maxChars: 100, overlapChars: 20 });

    expect(chunks.map((chunk) => chunk.text)).toEqual(['alpha', 'beta']);
  });

  it('packs whole paragraphs up to the size, repeating the end of the previous chunk', () => {
    const paragraphs = ['First paragraph about apples.', 'Second paragraph about pears.', 'Third paragraph about plums.'];
    const chunks = chunkDocument({ sections: [{ text: paragraphs.join('\n\n') }] }, { maxChars: 70, overlapChars: 20 });

    expect(chunks.map((chunk) => chunk.text)).toEqual([
      'First paragraph about apples.\n\nSecond paragraph about pears.',
      'about pears.\n\nThird paragraph about plums.',
    ]);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(70);
  });

  it('cuts an over-long paragraph at words, within the size, covering every word in order', () => {
    const text = words(400);
    const chunks = chunkDocument({ sections: [{ page: 3, text }] }, { maxChars: 300, overlapChars: 60 });

    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      expect(chunk.page).toBe(3);
    }
    for (const [i, chunk] of chunks.slice(1).entries()) {
      const previous = chunks[i]?.text ?? '';
      const firstWord = chunk.text.split(/\s/)[0] ?? '';
      expect(previous.endsWith(firstWord) || previous.includes(`${firstWord} `)).toBe(true);
    }
    const seen = new Set(chunks.flatMap((chunk) => chunk.text.split(/\s+/)));
    expect(seen.size).toBe(400);
  });

  it('refuses an overlap larger than half the chunk', () => {
    expect(() => chunkDocument({ sections: [] }, { maxChars: 100, overlapChars: 60 })).toThrow();
  });
});

describe('splitToFit', () => {
  it('cuts at lines first, then sentences, then words, then anywhere', () => {
    expect(splitToFit('line one\nline two', 10)).toEqual(['line one', 'line two']);
    expect(splitToFit('One thing. Two things.', 12)).toEqual(['One thing', 'Two things.']);
    expect(splitToFit('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitToFit('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
