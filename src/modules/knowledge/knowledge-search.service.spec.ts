import { describe, expect, it } from 'vitest';
import type { JobQueueService } from '../../infra/queue/job-queue.service';
import type { ScoredChunk, VectorStore } from '../../infra/vector-store/vector-store';
import type { FilesService } from '../files/files.service';
import type { Embedder } from './embedder.service';
import { describePassages, KnowledgeSearch } from './knowledge-search.service';

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

describe('KnowledgeSearch, files indexed by another model', () => {
  function searchWith(staleAnswers: boolean[], hasChunks = true): { search: KnowledgeSearch; asked: () => number; queued: string[]; embedded: () => number } {
    let asked = 0;
    let embedded = 0;
    const queued: string[] = [];
    const files = { hasIndexedWithOtherModel: () => Promise.resolve(staleAnswers[asked++] ?? false) } as unknown as FilesService;
    const store = { search: () => Promise.resolve([]), hasChunks: () => Promise.resolve(hasChunks) } as unknown as VectorStore;
    const embedder = { query: () => Promise.resolve(void embedded++).then(() => ({ model: 'openai:embed', vector: [1, 0] })) } as unknown as Embedder;
    const queue = { enqueue: (item: { name: string }) => Promise.resolve(void queued.push(item.name)) } as unknown as JobQueueService;
    return { search: new KnowledgeSearch(store, embedder, files, queue), asked: () => asked, queued, embedded: () => embedded };
  }
  const turn = { ownerUserId: 'u1', groups: [{ kind: 'chat' as const, id: 'c1' }], text: 'What is our refund policy?' };

  it('asks once for an owner whose files are all up to date, not on every turn', async () => {
    const { search, asked, queued } = searchWith([false]);
    await search.search(turn);
    await search.search(turn);
    expect(asked()).toBe(1);
    expect(queued).toEqual([]);
  });

  it('queues re-vectorization while files lag behind, and asks again next turn until they caught up', async () => {
    const { search, asked, queued } = searchWith([true, false]);
    await search.search(turn);
    await search.search(turn);
    await search.search(turn);
    expect(asked()).toBe(2);
    expect(queued).toEqual(['knowledge.revectorize']);
  });

  it('neither embeds nor searches for an owner with nothing indexed', async () => {
    const { search, asked, embedded } = searchWith([true], false);
    expect(await search.search(turn)).toEqual([]);
    expect(embedded()).toBe(0);
    expect(asked()).toBe(0);
  });
});
