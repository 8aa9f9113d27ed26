import { describe, expect, it } from 'vitest';
import { fuseRankings, keywordTerms, type ScoredChunk } from './vector-store';

function hit(id: string, score = 0.5): ScoredChunk {
  return { id, ownerUserId: 'u', group: { kind: 'chat', id: 'c' }, sourceId: 's', source: {}, text: id, model: 'm', score };
}

describe('fuseRankings', () => {
  it('puts first what ranks high in both lists, then by rank in either, keeping each hit’s own score', () => {
    const vector = [hit('a', 0.9), hit('b', 0.8), hit('c', 0.7)];
    const keyword = [hit('c', 0.1), hit('d', 0.05)];

    const fused = fuseRankings(vector, keyword, 10);

    expect(fused.map((chunk) => chunk.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused.find((chunk) => chunk.id === 'c')?.score).toBe(0.7);
  });

  it('finds an exact match the vectors missed within the limit, and keeps the vector order on ties', () => {
    expect(fuseRankings([hit('a'), hit('b'), hit('c')], [hit('x')], 2).map((chunk) => chunk.id)).toEqual(['a', 'x']);
    expect(fuseRankings([hit('a'), hit('b')], [], 5).map((chunk) => chunk.id)).toEqual(['a', 'b']);
  });
});

describe('keywordTerms', () => {
  it('keeps numbers, codes and names of several capitals, lower-cased and once each, and leaves ordinary words to the vectors', () => {
    expect(keywordTerms('What does SKU-88213 cost at McKinsey GmbH? What did the Trail backpack cost in 2024, v2 or SKU-88213?')).toEqual(['sku', '88213', 'mckinsey', 'gmbh', '2024', 'v2']);
    expect(keywordTerms('Wie lange dauert die Lieferung nach Norwegen?')).toEqual([]);
  });

  it('reads a bounded start of any text', () => {
    expect(keywordTerms(`${'A1 '.repeat(100_000)}B2`)).toEqual(['a1']);
  });
});
