/**
 * What a chunk's vector is searched within: one chat's files, one widget's site, one topic's
 * documents; a user's memories and their feedback examples (id: the user's id) are kept apart, so
 * document retrieval never returns them.
 */
export type VectorGroupKind = 'chat' | 'widget' | 'topic' | 'memory' | 'feedback';

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
  /** Chunks scoring below this are left out (unless the keyword half found them). */
  minScore?: number;
  /**
   * The query as text: with it the search is hybrid, and chunks sharing its rarer words (exact
   * names, numbers, codes that embeddings blur) join the vector hits, ranked by fusing both lists.
   */
  text?: string;
}

export interface VectorDeletion {
  ownerUserId: string;
  group?: VectorGroup;
  sourceId?: string;
}

/**
 * The vector store, whichever backs it (VECTOR_STORE: MariaDB by default, or Qdrant). Injected by
 * this class; docs/knowledge.md ("Vector store") describes both. Every read and delete is scoped
 * to one owner: no result ever crosses users. With a query `text` the search is hybrid: each
 * store adds keyword hits and fuses both rankings (fuseRankings).
 */
export abstract class VectorStore {
  /** Inserts the chunks, replacing any of the same owner and id. */
  abstract upsert(chunks: VectorChunk[]): Promise<void>;
  /** The owner's chunks in the given groups most similar to the query vector (and text), best first. */
  abstract search(query: VectorQuery): Promise<ScoredChunk[]>;
  /** Removes the owner's chunks (of one group and/or one source, or all of them); resolves with how many went. */
  abstract delete(deletion: VectorDeletion): Promise<number>;
  /** Whether the owner has any chunk, of any group and model: when not, no search of theirs can find anything. */
  abstract hasChunks(ownerUserId: string): Promise<boolean>;
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

/** Reciprocal-rank fusion's damping: a hit's weight is 1 / (RRF_K + rank), so no one list's top dominates. */
const RRF_K = 60;

/**
 * Hybrid search's merge: chunks ranked by reciprocal-rank fusion of the vector ranking and the
 * keyword ranking (each best first), so a chunk high in either list, or fairly high in both, comes
 * first; each keeps its own (cosine) score. Ties keep the vector ranking's order.
 */
export function fuseRankings(vectorHits: readonly ScoredChunk[], keywordHits: readonly ScoredChunk[], limit: number): ScoredChunk[] {
  const fused = new Map<string, { chunk: ScoredChunk; weight: number; order: number }>();
  for (const hits of [vectorHits, keywordHits]) {
    hits.forEach((chunk, rank) => {
      const entry = fused.get(chunk.id) ?? { chunk, weight: 0, order: fused.size };
      entry.weight += 1 / (RRF_K + rank + 1);
      fused.set(chunk.id, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, limit)
    .map(({ chunk }) => chunk);
}

/** Longest query text the keyword half reads: a question, not a document. */
const MAX_KEYWORD_QUERY_CHARS = 400;
/** Exact terms a keyword search looks for at most. */
const MAX_KEYWORD_TERMS = 12;

/**
 * The words of a query that want an exact match, lower-cased, each once: those with a digit
 * (numbers, codes, versions: "88213" of SKU-88213, "2024", "v2") and those with two capitals or more
 * (acronyms and coined names: "SKU", "GmbH", "McKinsey"), which embeddings blur. Ordinary words are
 * left to the vector half: a keyword search for them would score every chunk that uses them, and
 * in a large scope that is most of them (a common word over 100,000 chunks took 0.7 s).
 */
export function keywordTerms(text: string): string[] {
  const words = text.slice(0, MAX_KEYWORD_QUERY_CHARS).match(/[\p{L}\p{N}]+/gu) ?? [];
  const exact = words.filter((word) => /\p{N}/u.test(word) || (word.match(/\p{Lu}/gu)?.length ?? 0) >= 2);
  return [...new Set(exact.map((word) => word.toLowerCase()))].slice(0, MAX_KEYWORD_TERMS);
}
