import { Injectable } from '@nestjs/common';
import { TtlCache } from '../../common/ttl-cache';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { VectorStore, type ScoredChunk, type VectorGroup } from '../../infra/vector-store/vector-store';
import type { Citation } from '../chat/message.entity';
import { FilesService } from '../files/files.service';
import { Embedder } from './embedder.service';

/** Passages an answer gets at most, and the least similarity a vector hit needs (keyword hits need none). */
export const DEFAULT_RETRIEVAL = { limit: 6, minScore: 0.2 };
/** Longest passage quoted to a model and shown in a citation. */
const MAX_PASSAGE_CHARS = 1_500;
/**
 * How long an owner whose files all match the current embedding model is not asked again. Files
 * only fall behind when the VECTORIZE binding changes, which changes the model asked about.
 */
const UP_TO_DATE_CACHE_MS = 30_000;

export interface RetrievalQuery {
  ownerUserId: string;
  /** Searched together: the chat's files, the topic's documents, the widget's site. */
  groups: VectorGroup[];
  text: string;
  limit?: number;
  minScore?: number;
  signal?: AbortSignal;
}

/** Retrieved passages, numbered from 1 as `[n]` in `text` and `citations` alike. */
export interface Retrieval {
  /** The passages as a model reads them: one numbered line each, with where it comes from. */
  text: string;
  citations: Citation[];
}

/**
 * Hybrid retrieval (vector and keyword) over an owner's indexed texts, for automatic retrieval in
 * chat turns and the rag_query step. Finding the owner's files indexed by another embedding model
 * than the current one (the VECTORIZE binding changed), it queues their re-vectorization.
 */
@Injectable()
export class KnowledgeSearch {
  /** Owners (per model) found with nothing to re-vectorize: not asked again on every turn. */
  private readonly upToDate = new TtlCache<boolean>(UP_TO_DATE_CACHE_MS, 10_000);

  constructor(
    private readonly store: VectorStore,
    private readonly embedder: Embedder,
    private readonly files: FilesService,
    private readonly queue: JobQueueService,
  ) {}

  async search(query: RetrievalQuery): Promise<ScoredChunk[]> {
    const text = query.text.trim();
    // An owner with nothing indexed (most) is not worth embedding the query for.
    if (query.groups.length === 0 || !text || !(await this.store.hasChunks(query.ownerUserId))) return [];
    const { model, vector } = await this.embedder.query(query.ownerUserId, text, query.signal);
    const ownerModel = `${query.ownerUserId}\u0000${model}`;
    const [stale, found] = await Promise.all([
      this.upToDate.get(ownerModel, () => this.files.hasIndexedWithOtherModel(query.ownerUserId, model)),
      this.store.search({
        ownerUserId: query.ownerUserId,
        groups: query.groups,
        model,
        vector,
        text,
        limit: query.limit ?? DEFAULT_RETRIEVAL.limit,
        minScore: query.minScore ?? DEFAULT_RETRIEVAL.minScore,
      }),
    ]);
    // One job per owner while it waits: every turn until it runs would ask again.
    if (stale) {
      this.upToDate.invalidate(ownerModel);
      await this.queue.enqueue({ name: JobName.RevectorizeOwner, data: { ownerUserId: query.ownerUserId } }, { jobId: `revectorize-${query.ownerUserId}` });
    }
    return found;
  }

  /** The passages for `query`, numbered for citing; empty when nothing matches. */
  async retrieve(query: RetrievalQuery): Promise<Retrieval> {
    return describePassages(await this.search(query));
  }
}

/** Numbers passages for an answer: `[n] Title, page 3 › Section: passage`, and their citations. */
export function describePassages(chunks: readonly ScoredChunk[]): Retrieval {
  if (chunks.length === 0) return { text: '', citations: [] };
  const citations = chunks.map((chunk, i): Citation => {
    const { fileId, url, title, page, section } = chunk.source;
    return {
      n: i + 1,
      ...(fileId ? { fileId } : {}),
      ...(url ? { url } : {}),
      title: title || url || 'Document',
      snippet: chunk.text.slice(0, MAX_PASSAGE_CHARS),
      ...(page !== undefined ? { page } : {}),
      ...(section ? { section } : {}),
    };
  });
  const lines = citations.map((citation) => `[${citation.n}] ${placeLabel(citation)}: ${citation.snippet.replace(/\s+/g, ' ').trim()}`);
  return { text: `Passages from the documents (cite the ones you use as [n]):\n${lines.join('\n')}`, citations };
}

/** "Handbook.pdf, page 3, Pricing › Enterprise": where a passage is. */
function placeLabel(citation: Citation): string {
  return [citation.title, citation.page !== undefined ? `page ${citation.page}` : '', citation.section ?? ''].filter(Boolean).join(', ');
}
