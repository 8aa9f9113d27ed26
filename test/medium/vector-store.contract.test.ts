import { randomBytes, randomUUID } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../../src/infra/database/data-source-options';
import { dot, normalise, seededRandom } from '../../src/infra/vector-store/vector-math';
import { MariaDbVectorStore, type MariaDbVectorStoreOptions } from '../../src/infra/vector-store/mariadb-vector-store';
import { NotedOwnersVectorStore } from '../../src/infra/vector-store/noted-owners';
import { QdrantVectorStore } from '../../src/infra/vector-store/qdrant-vector-store';
import { VectorStore, type VectorChunk, type VectorGroup } from '../../src/infra/vector-store/vector-store';
import { TestEnvironment } from '../support/test-environment';
import { startWorkerApp } from '../support/test-app';

/** A store under test, and what tears it down. */
interface StoreFixture {
  store: VectorStore;
  dispose(): Promise<void>;
}

let env: TestEnvironment;
let dataSource: DataSource;

beforeAll(async () => {
  env = await TestEnvironment.create();
  dataSource = new DataSource(dataSourceOptions(env.config()));
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource?.destroy();
  await env?.dispose();
});

/** A user row for chunks to belong to (chunks go with their owner). */
async function newOwner(): Promise<string> {
  const id = randomUUID();
  await env.query("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, 'Owner', 'unused')", [id, `${id}@example.test`]);
  return id;
}

/** Every test gets owners and a model of its own, so stores sharing the suite's database never meet. */
async function scope(): Promise<{ alice: string; bob: string; model: string }> {
  return { alice: await newOwner(), bob: await newOwner(), model: `model-${randomBytes(4).toString('hex')}` };
}

const CHAT: VectorGroup = { kind: 'chat', id: 'chat-1' };
const WIDGET: VectorGroup = { kind: 'widget', id: 'widget-1' };

function chunk(ownerUserId: string, model: string, id: string, vector: number[], extra: Partial<VectorChunk> = {}): VectorChunk {
  return { id, ownerUserId, model, group: CHAT, sourceId: 'file-1', source: { fileId: 'file-1', page: 2, section: 'Intro' }, text: `passage ${id}`, vector, ...extra };
}

/** The contract every VectorStore keeps. */
function contract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`VectorStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: VectorStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(() => fixture?.dispose());

    it('finds upserted chunks best first, with their passage, source and cosine score', async () => {
      const { alice, model } = await scope();
      await store.upsert([chunk(alice, model, 'far', [0, 1, 0, 0]), chunk(alice, model, 'near', [1, 0.1, 0, 0]), chunk(alice, model, 'mid', [1, 1, 0, 0])]);
      const found = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [2, 0, 0, 0], limit: 10 });
      expect(found.map(({ id }) => id)).toEqual(['near', 'mid', 'far']);
      expect(found[0]).toMatchObject({ ownerUserId: alice, group: CHAT, sourceId: 'file-1', source: { fileId: 'file-1', page: 2, section: 'Intro' }, text: 'passage near', model });
      expect(found[0].score).toBeCloseTo(1 / Math.hypot(1, 0.1), 2);
      expect(found[1].score).toBeCloseTo(Math.SQRT1_2, 2);
      expect(found[2].score).toBeCloseTo(0, 2);
    });

    it('keeps to the limit and leaves out chunks below minScore', async () => {
      const { alice, model } = await scope();
      await store.upsert([0, 1, 2, 3, 4].map((i) => chunk(alice, model, `c${i}`, [1, i, 0, 0])));
      const limited = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 0, 0, 0], limit: 2 });
      expect(limited.map(({ id }) => id)).toEqual(['c0', 'c1']);
      const aboveHalf = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 0, 0, 0], limit: 10, minScore: 0.5 });
      // cos(c_i) = 1/√(1+i²): 1, 0.707, 0.447… only c0 and c1 reach 0.5.
      expect(aboveHalf.map(({ id }) => id)).toEqual(['c0', 'c1']);
      expect(await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 0, 0, 0], limit: 0 })).toEqual([]);
    });

    it("never returns another owner's chunks, even with identical vectors and chunk ids", async () => {
      const { alice, bob, model } = await scope();
      await store.upsert([chunk(alice, model, 'same', [1, 2, 3, 4], { text: 'alice' }), chunk(bob, model, 'same', [1, 2, 3, 4], { text: 'bob' }), chunk(bob, model, 'bob-only', [1, 2, 3, 4.1])]);
      const forAlice = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 2, 3, 4], limit: 10 });
      expect(forAlice.map(({ id, text, ownerUserId }) => ({ id, text, ownerUserId }))).toEqual([{ id: 'same', text: 'alice', ownerUserId: alice }]);
      const forBob = await store.search({ ownerUserId: bob, groups: [CHAT], model, vector: [1, 2, 3, 4], limit: 10 });
      expect(forBob.map(({ text }) => text).sort()).toEqual(['bob', 'passage bob-only']);
      expect(await store.search({ ownerUserId: randomUUID(), groups: [CHAT], model, vector: [1, 2, 3, 4], limit: 10 })).toEqual([]);
    });

    it('knows whether an owner has any chunk, of whichever group and model', async () => {
      const { alice, bob, model } = await scope();
      expect(await store.hasChunks(alice)).toBe(false);
      await store.upsert([chunk(alice, model, 'in-widget', [1, 0, 0, 0], { group: WIDGET })]);
      expect(await store.hasChunks(alice)).toBe(true);
      expect(await store.hasChunks(bob)).toBe(false);
      await store.delete({ ownerUserId: alice });
      expect(await store.hasChunks(alice)).toBe(false);
    });

    it('searches only the groups asked for', async () => {
      const { alice, model } = await scope();
      const topic: VectorGroup = { kind: 'topic', id: 'chat-1' };
      await store.upsert([chunk(alice, model, 'in-chat', [1, 0, 0, 0]), chunk(alice, model, 'in-widget', [1, 0, 0, 0], { group: WIDGET }), chunk(alice, model, 'in-topic', [1, 0, 0, 0], { group: topic })]);
      const ids = async (groups: VectorGroup[]) => (await store.search({ ownerUserId: alice, groups, model, vector: [1, 0, 0, 0], limit: 10 })).map(({ id }) => id).sort();
      expect(await ids([CHAT])).toEqual(['in-chat']);
      // Same id, another kind: a topic "chat-1" is not the chat "chat-1".
      expect(await ids([topic])).toEqual(['in-topic']);
      expect(await ids([WIDGET, topic])).toEqual(['in-topic', 'in-widget']);
      expect(await ids([])).toEqual([]);
      expect(await ids([{ kind: 'chat', id: 'another' }])).toEqual([]);
    });

    it('replaces a chunk upserted again under the same id', async () => {
      const { alice, model } = await scope();
      await store.upsert([chunk(alice, model, 'x', [1, 0, 0, 0], { text: 'old' }), chunk(alice, model, 'y', [0, 0, 1, 0])]);
      await store.upsert([chunk(alice, model, 'x', [0, 1, 0, 0], { text: 'new', group: WIDGET })]);
      const found = await store.search({ ownerUserId: alice, groups: [CHAT, WIDGET], model, vector: [0, 1, 0, 0], limit: 10 });
      expect(found.map(({ id, text, group }) => ({ id, text, group }))).toEqual([
        { id: 'x', text: 'new', group: WIDGET },
        { id: 'y', text: 'passage y', group: CHAT },
      ]);
      expect(found[0].score).toBeCloseTo(1, 2);
    });

    it('keeps the last of a chunk repeated within one upsert', async () => {
      const { alice, model } = await scope();
      await store.upsert([chunk(alice, model, 'x', [1, 0, 0, 0], { text: 'first' }), chunk(alice, model, 'x', [1, 0, 0, 0], { text: 'second' })]);
      const found = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 0, 0, 0], limit: 10 });
      expect(found.map(({ id, text }) => [id, text])).toEqual([['x', 'second']]);
    });

    it('keeps embedding models apart', async () => {
      const { alice, model } = await scope();
      const other = `${model}-v2`;
      await store.upsert([chunk(alice, model, 'a', [1, 0, 0, 0]), chunk(alice, other, 'b', [1, 0, 0, 0, 0, 0])]);
      expect((await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: [1, 0, 0, 0], limit: 10 })).map(({ id, model: m }) => [id, m])).toEqual([['a', model]]);
      expect((await store.search({ ownerUserId: alice, groups: [CHAT], model: other, vector: [1, 0, 0, 0, 0, 0], limit: 10 })).map(({ id }) => id)).toEqual(['b']);
      expect(await store.search({ ownerUserId: alice, groups: [CHAT], model: `${model}-unknown`, vector: [1, 0, 0, 0], limit: 10 })).toEqual([]);
    });

    it("deletes by source, by group, or all of an owner's chunks, and nobody else's", async () => {
      const { alice, bob, model } = await scope();
      await store.upsert([
        chunk(alice, model, 'a1', [1, 0, 0, 0], { sourceId: 'file-a' }),
        chunk(alice, model, 'a2', [1, 0, 0, 0], { sourceId: 'file-a' }),
        chunk(alice, model, 'a3', [1, 0, 0, 0], { sourceId: 'file-b' }),
        chunk(alice, model, 'a4', [1, 0, 0, 0], { sourceId: 'file-a', group: WIDGET }),
        chunk(bob, model, 'b1', [1, 0, 0, 0], { sourceId: 'file-a' }),
      ]);
      const ids = async (owner: string) => (await store.search({ ownerUserId: owner, groups: [CHAT, WIDGET], model, vector: [1, 0, 0, 0], limit: 10 })).map(({ id }) => id).sort();
      expect(await store.delete({ ownerUserId: alice, group: CHAT, sourceId: 'file-a' })).toBe(2);
      expect(await ids(alice)).toEqual(['a3', 'a4']);
      expect(await store.delete({ ownerUserId: alice, group: WIDGET })).toBe(1);
      expect(await ids(alice)).toEqual(['a3']);
      expect(await store.delete({ ownerUserId: alice })).toBe(1);
      expect(await ids(alice)).toEqual([]);
      expect(await ids(bob)).toEqual(['b1']);
    });

    it('refuses a zero vector', async () => {
      const { alice, model } = await scope();
      await expect(store.upsert([chunk(alice, model, 'z', [0, 0, 0, 0])])).rejects.toThrow();
    });
  });
}

function mariadb(options?: MariaDbVectorStoreOptions): () => Promise<StoreFixture> {
  return () => Promise.resolve({ store: new MariaDbVectorStore(dataSource, options), dispose: () => Promise.resolve() });
}

contract('MariaDB, exact scans', mariadb());
// An index trained from the first row and probed on every search: the IVF path keeps the contract too.
contract('MariaDB, IVF index', mariadb({ exactScanLimit: 0, minTrainRows: 1, probeFraction: 1, minProbes: 1 }));

const qdrantUrl = process.env.QDRANT_URL;
if (qdrantUrl) {
  contract('Qdrant', () => {
    const prefix = `sbtest_${randomBytes(4).toString('hex')}_`;
    const client = new QdrantClient({ url: qdrantUrl, apiKey: process.env.QDRANT_API_KEY, checkCompatibility: false });
    return Promise.resolve({
      store: new QdrantVectorStore(client, prefix),
      dispose: async () => {
        const { collections } = await client.getCollections();
        await Promise.all(collections.filter(({ name }) => name.startsWith(prefix)).map(({ name }) => client.deleteCollection(name)));
      },
    });
  });
}

describe('MariaDB vector store', () => {
  const DIMENSIONS = 32;

  /** Noisy unit vectors around `centres` random directions: what embeddings of a few topics look like. */
  function clustered(count: number, centres: number, seed: number): Float32Array[] {
    const random = seededRandom(seed);
    const directions = Array.from({ length: centres }, () => normalise(Array.from({ length: DIMENSIONS }, () => random() * 2 - 1)));
    return Array.from({ length: count }, () => normalise(Array.from(directions[Math.floor(random() * centres)], (value) => value + (random() - 0.5) * 0.3)));
  }

  it('trains as a scope grows, then finds nearly the same top 10 as an exact scan, within the owner', async () => {
    const { alice, bob, model } = await scope();
    const store = new MariaDbVectorStore(dataSource, { exactScanLimit: 100, minTrainRows: 500, probeFraction: 0.25, minProbes: 4 });
    const vectors = clustered(1_500, 12, 1);
    for (let start = 0; start < vectors.length; start += 250) {
      await store.upsert(vectors.slice(start, start + 250).map((vector, i) => chunk(alice, model, `a${start + i}`, Array.from(vector))));
    }
    // Bob's copies of the same vectors must never surface in Alice's results through a shared cluster.
    await store.upsert(vectors.slice(0, 300).map((vector, i) => chunk(bob, model, `b${i}`, Array.from(vector))));
    const [index] = await env.query<{ clusters: number; trained_rows: number; training: number }>('SELECT clusters, trained_rows, training FROM vector_indexes WHERE model_id = ?', [model]);
    expect(index).toMatchObject({ training: 0, trained_rows: 1_000 });
    expect(index.clusters).toBeGreaterThan(10);
    const [{ unassigned }] = await env.query<{ unassigned: number }>('SELECT COUNT(*) AS unassigned FROM vector_chunks WHERE model_id = ? AND cluster_id = -1', [model]);
    expect(Number(unassigned)).toBe(0);

    let hits = 0;
    const queries = clustered(20, 12, 2);
    for (const query of queries) {
      const exact = vectors
        .map((vector, i) => ({ id: `a${i}`, score: dot(vector, query) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map(({ id }) => id);
      const found = await store.search({ ownerUserId: alice, groups: [CHAT], model, vector: query, limit: 10 });
      expect(found.every(({ ownerUserId, id }) => ownerUserId === alice && id.startsWith('a'))).toBe(true);
      hits += found.filter(({ id }) => exact.includes(id)).length;
    }
    expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it("goes with its owner: deleting the user deletes the user's chunks", async () => {
    const { alice, model } = await scope();
    const store = new MariaDbVectorStore(dataSource);
    await store.upsert([chunk(alice, model, 'a', [1, 0, 0, 0])]);
    await env.query('DELETE FROM users WHERE id = ?', [alice]);
    const [{ remaining }] = await env.query<{ remaining: number }>('SELECT COUNT(*) AS remaining FROM vector_chunks WHERE owner_user_id = ?', [alice]);
    expect(Number(remaining)).toBe(0);
  });

  it('is the store a node injects when VECTOR_STORE is mariadb (the default), behind the note of who has chunks', async () => {
    const app = await startWorkerApp(env.config());
    try {
      const injected = app.get(VectorStore);
      expect(injected).toBeInstanceOf(NotedOwnersVectorStore);
      expect((injected as NotedOwnersVectorStore).store).toBeInstanceOf(MariaDbVectorStore);
    } finally {
      await app.close();
    }
  });
});
