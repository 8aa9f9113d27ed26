import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { normalise } from './vector-math';
import { chunksByModel, fuseRankings, keywordTerms, VectorStore, type ScoredChunk, type VectorChunk, type VectorChunkSource, type VectorDeletion, type VectorGroup, type VectorGroupKind, type VectorQuery } from './vector-store';

/** What each point carries besides its vector; `group` is "kind:id" so one keyword filter matches a group. */
interface ChunkPayload {
  [key: string]: unknown;
  chunk_id: string;
  owner_user_id: string;
  group: string;
  source_id: string;
  source: VectorChunkSource;
  text: string;
}

type Condition = { key: string; match: { value: string } | { any: string[] } };

const KEYWORD_FIELDS = ['owner_user_id', 'group', 'source_id'];
/** Full-text matches read per result wanted, to rank them here (Qdrant's filter does not). */
const KEYWORD_CANDIDATES_PER_RESULT = 4;

/**
 * The vector store on Qdrant (VECTOR_STORE=qdrant): one cosine collection per embedding model
 * (`<prefix><model>`), owner and group as indexed payload fields that every query filters on.
 */
export class QdrantVectorStore extends VectorStore {
  private readonly ready = new Set<string>();
  private readonly textIndexed = new Set<string>();

  constructor(
    private readonly client: QdrantClient,
    /** Collection names start with this: one Qdrant can serve several installations (and test suites). */
    private readonly prefix = 'switchboard_',
  ) {
    super();
  }

  static connect(url: string, apiKey: string | undefined, prefix?: string): QdrantVectorStore {
    // Version checks are an extra request at start-up and a warning for any mismatch: not wanted here.
    return new QdrantVectorStore(new QdrantClient({ url, apiKey, checkCompatibility: false }), prefix);
  }

  async upsert(chunks: VectorChunk[]): Promise<void> {
    for (const [model, ofModel] of chunksByModel(chunks)) {
      const collection = await this.ensureCollection(model, ofModel[0].vector.length);
      await this.client.upsert(collection, {
        wait: true,
        points: ofModel.map((chunk) => ({
          id: pointId(chunk.ownerUserId, chunk.id),
          vector: Array.from(chunk.vector),
          payload: { chunk_id: chunk.id, owner_user_id: chunk.ownerUserId, group: groupKey(chunk.group), source_id: chunk.sourceId, source: chunk.source, text: chunk.text } satisfies ChunkPayload,
        })),
      });
    }
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    if (query.groups.length === 0 || query.limit <= 0) return [];
    const collection = this.collectionName(query.model);
    if (!(await this.client.collectionExists(collection)).exists) return [];
    await this.ensureTextIndex(collection);
    const scope = [match('owner_user_id', query.ownerUserId), { key: 'group', match: { any: query.groups.map(groupKey) } }];
    const { points } = await this.client.query(collection, {
      query: Array.from(query.vector),
      filter: { must: scope },
      limit: query.limit,
      score_threshold: query.minScore,
      with_payload: true,
    });
    const vectorHits = points.map((point) => scoredChunk(point.payload as ChunkPayload, query.model, point.score));
    const terms = query.text ? keywordTerms(query.text) : [];
    if (terms.length === 0) return vectorHits;
    return fuseRankings(vectorHits, await this.keywordHits(collection, scope, terms, query), query.limit);
  }

  /**
   * The keyword half of hybrid search. Qdrant's full-text filter matches but does not rank, so the
   * scope's chunks containing any of the query's rarer words are ranked here: by how many of them
   * they contain, then by cosine to the query.
   */
  private async keywordHits(collection: string, scope: object[], terms: string[], query: VectorQuery): Promise<ScoredChunk[]> {
    const { points } = await this.client.scroll(collection, {
      filter: { must: scope, should: terms.map((term) => ({ key: 'text', match: { text: term } })) },
      limit: query.limit * KEYWORD_CANDIDATES_PER_RESULT,
      with_payload: true,
      with_vector: true,
    });
    const unit = normalise(query.vector);
    return points
      .map((point) => {
        const payload = point.payload as ChunkPayload;
        const text = payload.text.toLowerCase();
        const vector = normalise(point.vector as number[]);
        let cosine = 0;
        for (let i = 0; i < unit.length; i++) cosine += unit[i] * (vector[i] ?? 0);
        return { chunk: scoredChunk(payload, query.model, cosine), matched: terms.filter((term) => text.includes(term)).length };
      })
      .sort((a, b) => b.matched - a.matched || b.chunk.score - a.chunk.score)
      .slice(0, query.limit)
      .map(({ chunk }) => chunk);
  }

  /** Collections made before hybrid search lack the full-text index its filter needs; made once per process. */
  private async ensureTextIndex(collection: string): Promise<void> {
    if (this.textIndexed.has(collection)) return;
    await this.client.createPayloadIndex(collection, { field_name: 'text', field_schema: { type: 'text', tokenizer: 'word', lowercase: true }, wait: true });
    this.textIndexed.add(collection);
  }

  async delete({ ownerUserId, group, sourceId }: VectorDeletion): Promise<number> {
    const must: Condition[] = [match('owner_user_id', ownerUserId)];
    if (group) must.push(match('group', groupKey(group)));
    if (sourceId !== undefined) must.push(match('source_id', sourceId));
    const { collections } = await this.client.getCollections();
    let deleted = 0;
    for (const { name } of collections.filter((collection) => collection.name.startsWith(this.prefix))) {
      deleted += (await this.client.count(name, { filter: { must }, exact: true })).count;
      await this.client.delete(name, { wait: true, filter: { must } });
    }
    return deleted;
  }

  async hasChunks(ownerUserId: string): Promise<boolean> {
    const { collections } = await this.client.getCollections();
    for (const { name } of collections.filter((collection) => collection.name.startsWith(this.prefix))) {
      if ((await this.client.count(name, { filter: { must: [match('owner_user_id', ownerUserId)] }, exact: true })).count > 0) return true;
    }
    return false;
  }

  private collectionName(model: string): string {
    // Qdrant names allow a limited alphabet: the readable part is cleaned, the hash keeps models apart.
    const readable = model.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
    return `${this.prefix}${readable}_${createHash('sha256').update(model).digest('hex').slice(0, 8)}`;
  }

  private async ensureCollection(model: string, dimensions: number): Promise<string> {
    const name = this.collectionName(model);
    if (this.ready.has(name)) return name;
    if (!(await this.client.collectionExists(name)).exists) {
      try {
        await this.client.createCollection(name, { vectors: { size: dimensions, distance: 'Cosine' } });
      } catch (error) {
        // Another node created it first: fine, as long as it exists now.
        if (!(await this.client.collectionExists(name)).exists) throw error;
      }
      for (const field of KEYWORD_FIELDS) await this.client.createPayloadIndex(name, { field_name: field, field_schema: 'keyword', wait: true });
    }
    this.ready.add(name);
    return name;
  }
}

function scoredChunk(payload: ChunkPayload, model: string, score: number): ScoredChunk {
  const [kind, ...id] = payload.group.split(':');
  return {
    id: payload.chunk_id,
    ownerUserId: payload.owner_user_id,
    group: { kind: kind as VectorGroupKind, id: id.join(':') },
    sourceId: payload.source_id,
    source: payload.source,
    text: payload.text,
    model,
    score,
  };
}

function match(key: string, value: string): Condition {
  return { key, match: { value } };
}

function groupKey(group: VectorGroup): string {
  return `${group.kind}:${group.id}`;
}

/** Qdrant ids are UUIDs or integers: a UUID-shaped hash of owner and chunk id keeps owners' ids apart. */
function pointId(ownerUserId: string, chunkId: string): string {
  const hex = createHash('sha256').update(`${ownerUserId}\u0000${chunkId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
