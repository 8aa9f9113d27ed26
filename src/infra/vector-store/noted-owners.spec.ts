import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { redisTestNodes, type RedisTestNodes } from '../redis/testing/redis-test-nodes';
import { NotedOwnersVectorStore } from './noted-owners';
import { VectorStore, type ScoredChunk, type VectorChunk, type VectorDeletion } from './vector-store';

/** One database both nodes share: which owners have chunks, and how often it was asked. */
class SharedStore extends VectorStore {
  readonly owners = new Set<string>();
  asked = 0;
  /** When set, `hasChunks` answers only once this settles (a read racing a write). */
  gate: Promise<void> | undefined;

  upsert(chunks: VectorChunk[]): Promise<void> {
    for (const chunk of chunks) this.owners.add(chunk.ownerUserId);
    return Promise.resolve();
  }

  search(): Promise<ScoredChunk[]> {
    return Promise.resolve([]);
  }

  delete({ ownerUserId }: VectorDeletion): Promise<number> {
    this.owners.delete(ownerUserId);
    return Promise.resolve(1);
  }

  async hasChunks(ownerUserId: string): Promise<boolean> {
    this.asked++;
    const has = this.owners.has(ownerUserId);
    await this.gate;
    return has;
  }
}

function chunkOf(ownerUserId: string): VectorChunk {
  return { id: 'c1', ownerUserId, group: { kind: 'chat', id: 'chat-1' }, sourceId: 'f1', source: {}, text: 'passage', model: 'm', vector: [1, 0] };
}

describe('NotedOwnersVectorStore', () => {
  let redis: RedisTestNodes;
  let shared: SharedStore;
  let nodes: [NotedOwnersVectorStore, NotedOwnersVectorStore];

  beforeEach(() => {
    redis = redisTestNodes();
    shared = new SharedStore();
    nodes = [new NotedOwnersVectorStore(shared, redis.nodes[0]), new NotedOwnersVectorStore(shared, redis.nodes[1])];
  });
  afterEach(() => redis.dispose());

  it('asks the store once for an owner with nothing, then every node reads the note', async () => {
    expect(await nodes[0].hasChunks('alice')).toBe(false);
    expect(await nodes[1].hasChunks('alice')).toBe(false);
    expect(await nodes[0].hasChunks('alice')).toBe(false);
    expect(shared.asked).toBe(1);
  });

  it('finds what another node indexed on the next read, though "nothing" was noted before', async () => {
    expect(await nodes[1].hasChunks('alice')).toBe(false);
    await nodes[0].upsert([chunkOf('alice')]);
    expect(await nodes[1].hasChunks('alice')).toBe(true);
    expect(await nodes[1].hasChunks('bob')).toBe(false);
  });

  it('never notes "nothing" over a write that came while the store was asked', async () => {
    let open!: () => void;
    shared.gate = new Promise<void>((resolve) => (open = resolve));
    // The store is read before the write lands, and answers after it was noted.
    const reading = nodes[1].hasChunks('alice');
    await waitFor(() => shared.asked === 1, { intervalMs: 1, what: 'the store to be asked' });
    await nodes[0].upsert([chunkOf('alice')]);
    open();
    expect(await reading).toBe(false);
    shared.gate = undefined;
    expect(await nodes[1].hasChunks('alice')).toBe(true);
  });

  it('shares one read between the searches of one turn', async () => {
    expect(await Promise.all([nodes[0].hasChunks('alice'), nodes[0].hasChunks('alice'), nodes[0].hasChunks('alice')])).toEqual([false, false, false]);
    expect(shared.asked).toBe(1);
  });

  it('keeps an owner noted after a delete (a search then finds nothing, as before)', async () => {
    await nodes[0].upsert([chunkOf('alice')]);
    await nodes[0].delete({ ownerUserId: 'alice' });
    expect(await nodes[1].hasChunks('alice')).toBe(true);
  });
});

