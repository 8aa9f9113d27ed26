import { describe, expect, it } from 'vitest';
import type { ScoredChunk } from '../../infra/vector-store/vector-store';
import { describePassages } from './knowledge-search.service';

function chunk(text: string, source: ScoredChunk['source']): ScoredChunk {
  return { id: text, ownerUserId: 'u', group: { kind: 'chat', id: 'c' }, sourceId: 's', source, text, model: 'm', score: 0.5 };
}

describe('describePassages', () => {
  it('numbers passages from 1 with the place each came from, for the model and the citations alike', () => {
    const { text, citations } = describePassages([
      chunk('Refunds are paid\nwithin 14 days.', { fileId: 'f1', title: 'Handbook: 2024.pdf', page: 3, section: 'Returns › Refunds' }),
      chunk('Open daily.', { url: 'https://example.com/hours', title: '' }),
    ]);

    expect(citations).toEqual([
      { n: 1, fileId: 'f1', title: 'Handbook: 2024.pdf', snippet: 'Refunds are paid\nwithin 14 days.', page: 3, section: 'Returns › Refunds' },
      { n: 2, url: 'https://example.com/hours', title: 'https://example.com/hours', snippet: 'Open daily.' },
    ]);
    // One line per passage, after a header line.
    expect(text.split('\n').slice(1)).toEqual(['[1] Handbook: 2024.pdf, page 3, Returns › Refunds: Refunds are paid within 14 days.', '[2] https://example.com/hours: Open daily.']);
  });

  it('is empty for no passages, and cuts a long passage', () => {
    expect(describePassages([])).toEqual({ text: '', citations: [] });
    expect(describePassages([chunk('x'.repeat(5_000), { title: 'Big' })]).citations[0]?.snippet).toHaveLength(1_500);
  });
});
