import { describe, expect, it } from 'vitest';
import type { Citation } from '../chat/message.entity';
import { CitationLedger, renumber } from './citations';

const cite = (n: number, url: string): Citation => ({ n, url, title: url, snippet: '' });

describe('CitationLedger', () => {
  it('numbers each step after the ones before, in its citations and in its text', () => {
    const ledger = new CitationLedger();
    const first = { text: '[1] a\n[2] b', citations: [cite(1, 'https://a/'), cite(2, 'https://b/')] };
    const second = { text: 'See [1] and [2]; [3] is not ours.', citations: [cite(1, 'https://c/'), cite(2, 'https://d/')] };

    expect(ledger.adopt(first).map((c) => c.n)).toEqual([1, 2]);
    expect(ledger.adopt(second).map((c) => c.n)).toEqual([3, 4]);

    expect(first.text).toBe('[1] a\n[2] b');
    expect(second.text).toBe('See [3] and [4]; [3] is not ours.');
    expect(ledger.citations.map((c) => [c.n, c.url])).toEqual([
      [1, 'https://a/'],
      [2, 'https://b/'],
      [3, 'https://c/'],
      [4, 'https://d/'],
    ]);
  });

  it('ignores results without citations', () => {
    const ledger = new CitationLedger();
    const result = { text: 'Plain [1].' };
    expect(ledger.adopt(result)).toEqual([]);
    expect(result).toEqual({ text: 'Plain [1].' });
    expect(ledger.citations).toEqual([]);
  });

  it('hands out copies: the answer cannot change what was collected', () => {
    const ledger = new CitationLedger();
    ledger.adopt({ text: '', citations: [cite(1, 'https://a/')] });
    ledger.citations.pop();
    expect(ledger.citations).toHaveLength(1);
  });
});

describe('renumber', () => {
  it('leaves marks alone that name no citation, and numbers without brackets', () => {
    expect(renumber('1 [1] [12] [x] [99999]', [cite(1, 'u')], 5).text).toBe('1 [6] [12] [x] [99999]');
  });
});
