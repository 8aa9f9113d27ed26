import { describe, expect, it } from 'vitest';
import { citationsOf, linkOf, locationOf, splitCitationMarks, type Citation } from './citations';

const KNOWN = new Set([1, 2, 3]);

describe('splitCitationMarks', () => {
  it('turns marks naming known sources into citations and leaves the rest as text', () => {
    expect(splitCitationMarks('Open 9 to 5 [1]. Closed Sundays [2][3].', KNOWN)).toEqual([
      { kind: 'text', text: 'Open 9 to 5 ' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '. Closed Sundays ' },
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('reads lists of sources in one mark', () => {
    expect(splitCitationMarks('Both [1, 3] and [2,1]', KNOWN)).toEqual([
      { kind: 'text', text: 'Both ' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: ' and ' },
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 1 },
    ]);
  });

  it('keeps brackets that are not marks of known sources as they are', () => {
    for (const text of ['[sic]', '[7]', '[1, 7]', 'a[]b', '[1', '[1,]', '[0001]', 'x = [1, 2, 3, 4', '[1,    2]', '[[1]']) {
      const joined = splitCitationMarks(text, KNOWN)
        .map((segment) => (segment.kind === 'text' ? segment.text : `<${segment.n}>`))
        .join('');
      expect(joined, text).toBe(text === '[[1]' ? '[<1>' : text);
    }
    expect(splitCitationMarks('No sources [1].', new Set())).toEqual([{ kind: 'text', text: 'No sources [1].' }]);
    expect(splitCitationMarks('', KNOWN)).toEqual([]);
  });

  it('stays linear on hostile text', () => {
    const hostile = ['['.repeat(200_000), '[1,'.repeat(100_000), '[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1'.repeat(20_000), `${'[1]'.repeat(100_000)}`];
    for (const text of hostile) {
      const started = performance.now();
      const segments = splitCitationMarks(text, KNOWN);
      expect(performance.now() - started).toBeLessThan(500);
      expect(segments.length).toBeGreaterThan(0);
    }
  });
});

describe('citationsOf', () => {
  it('keeps well-formed citations once each and drops the rest', () => {
    const citations = citationsOf([
      { n: 1, title: 'Pricing', snippet: 'Plans start at 5 €.', url: 'https://shop.example.com/pricing', section: 'Plans' },
      { n: 2, title: 'Handbook', snippet: 'Thirty days a year.', fileId: 'f-1', page: 3 },
      { n: 2, title: 'duplicate', snippet: '' },
      { n: 0, title: 'zero', snippet: '' },
      { n: 1.5, title: 'half', snippet: '' },
      'nonsense',
      null,
      { n: 4, snippet: 'untitled', page: -1 },
    ]);
    expect(citations).toEqual([
      { n: 1, title: 'Pricing', snippet: 'Plans start at 5 €.', url: 'https://shop.example.com/pricing', section: 'Plans' },
      { n: 2, title: 'Handbook', snippet: 'Thirty days a year.', fileId: 'f-1', page: 3 },
      { n: 4, title: 'Source 4', snippet: 'untitled' },
    ]);
    expect(citationsOf('x')).toEqual([]);
    expect(citationsOf(Array.from({ length: 500 }, (_, i) => ({ n: i + 1, title: 't', snippet: 's' })))).toHaveLength(50);
  });
});

describe('where a citation points', () => {
  const page: Citation = { n: 1, title: 'Pricing', snippet: '', url: 'https://shop.example.com/pricing' };
  it('links web pages, never the owner’s files or other schemes', () => {
    expect(linkOf(page)).toBe('https://shop.example.com/pricing');
    expect(linkOf({ ...page, fileId: 'f-1' })).toBeNull();
    expect(linkOf({ ...page, url: 'javascript:alert(1)' })).toBeNull();
    expect(linkOf({ n: 2, title: 'Handbook', snippet: '', fileId: 'f-1' })).toBeNull();
  });

  it('says where the passage is', () => {
    expect(locationOf({ n: 1, title: 'a', snippet: '', page: 3, section: 'Leave › Holidays' })).toBe('Page 3 · Leave › Holidays');
    expect(locationOf({ n: 1, title: 'a', snippet: '', section: 'Intro' })).toBe('Intro');
    expect(locationOf(page)).toBe('');
  });
});
