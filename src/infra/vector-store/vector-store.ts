/** What a chunk's vector is searched within: one chat's files, one widget's site, one topic's documents. */
export type VectorGroupKind = 'chat' | 'widget' | 'topic';

export interface VectorGroup {
  kind: VectorGroupKind;
  id: string;
}

/** Where a chunk's passage came from, for citations: a stored file (and where in it) or a web page. */
export interface VectorChunkSource {
  fileId?: string;
  url?: string;
  title?: string;
  section?: string;
  page?: number;
}

export interface VectorChunk {
  /** The chunk's own id: upserting the same owner's id again replaces it. */
  id: string;
  ownerUserId: string;
  group: VectorGroup;
  /** What the chunk was cut from (a file id, a crawled page's id): `delete({ sourceId })` removes all its chunks. */
  sourceId: string;
  source: VectorChunkSource;
  /** The passage itself, quoted in answers. */
  text: string;
  /** The embedding model the vector came from: vectors of different models are never compared. */
  model: string;
  vector: ArrayLike<number>;
}

export interface ScoredChunk extends Omit<VectorChunk, 'vector'> {
  /** Cosine similarity to the query, in [-1, 1]. */
  score: number;
}

export interface VectorQuery {
  /** Only this user's chunks are ever searched. */
  ownerUserId: string;
  /** Searched together (e.g. a widget's site and its topic); an empty list finds nothing. */
  groups: VectorGroup[];
  model: string;
  vector: ArrayLike<number>;
  limit: number;
  /** Chunks scoring below this are left out. */
  minScore?: number;
}

export interface VectorDeletion {
  ownerUserId: string;
  group?: VectorGroup;
  sourceId?: string;
}

/**
 * The vector store, whichever backs it (VECTOR_STORE: MariaDB by default, or Qdrant). Injected by
 * this class; docs/knowledge.md ("Vector store") describes both. Every read and delete is scoped
 * to one owner: no result ever crosses users. Hybrid (keyword) search is meant to join as an
 * optional query `text` the stores combine with the vector score.
 */
export abstract class VectorStore {
  /** Inserts the chunks, replacing any of the same owner and id. */
  abstract upsert(chunks: VectorChunk[]): Promise<void>;
  /** The owner's chunks in the given groups most similar to the query vector, best first. */
  abstract search(query: VectorQuery): Promise<ScoredChunk[]>;
  /** Removes the owner's chunks (of one group and/or one source, or all of them); resolves with how many went. */
  abstract delete(deletion: VectorDeletion): Promise<number>;
}

/**
 * The chunks of each embedding model (stores write and index one model at a time), keeping only the
 * last of any repeated owner and id, as if they had been upserted one after another.
 */
export function chunksByModel(chunks: VectorChunk[]): Map<string, VectorChunk[]> {
  const byModel = new Map<string, Map<string, VectorChunk>>();
  for (const chunk of chunks) {
    let ofModel = byModel.get(chunk.model);
    if (!ofModel) byModel.set(chunk.model, (ofModel = new Map<string, VectorChunk>()));
    ofModel.set(`${chunk.ownerUserId}\u0000${chunk.id}`, chunk);
  }
  return new Map([...byModel].map(([model, ofModel]) => [model, [...ofModel.values()]]));
}
