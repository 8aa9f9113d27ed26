import { Injectable } from '@nestjs/common';
import { TtlCache } from '../../common/ttl-cache';
import { AiService } from '../ai/ai.service';
import { ModelCapability } from '../ai/ai.types';

/** Texts per embedding call: small enough for any provider's request limit, large enough to amortise its latency. */
const EMBED_BATCH = 64;
/** How long a query's vector is reused: one turn searches documents, memories and feedback with it. */
const QUERY_CACHE_MS = 60_000;
const QUERY_CACHE_ENTRIES = 1_000;
/** A query is a message, not a document: only its start is embedded. */
const MAX_QUERY_CHARS = 2_000;

/** One query's vector, and the model that made it. */
export interface QueryEmbedding {
  model: string;
  vector: number[];
}

export interface Embeddings {
  /** The catalogue id of the model that made them: the vector store keys vectors by it and never compares two models'. */
  model: string;
  vectors: number[][];
}

/**
 * Text to vectors with the VECTORIZE binding (the offline embedder when nothing is bound), for
 * everything that indexes or searches the vector store: documents, crawled pages, memories and
 * feedback. `userId` is whose binding applies: an owner's chunks and queries use the same model.
 */
@Injectable()
export class Embedder {
  private readonly queries = new TtlCache<QueryEmbedding>(QUERY_CACHE_MS, QUERY_CACHE_ENTRIES);

  constructor(private readonly ai: AiService) {}

  /**
   * A search query's vector. A turn searches its documents, the user's memories and their feedback
   * with the same words at the same moment: they share one embedding call (one remote request, not three).
   */
  query(userId: string, text: string, signal?: AbortSignal): Promise<QueryEmbedding> {
    const query = text.trim().slice(0, MAX_QUERY_CHARS);
    return this.queries.get(`${userId}\u0000${query}`, async () => {
      const { model, vectors } = await this.embed(userId, [query], { signal });
      return { model, vector: vectors[0] };
    });
  }

  /** The model id that `embed` would use for this user now. */
  async model(userId: string): Promise<string> {
    return (await this.ai.resolve(ModelCapability.Vectorize, { userId })).id;
  }

  /** Embeds `texts` in batches; `onProgress` hears the share done (0–100) after each batch of a long list. */
  async embed(userId: string, texts: readonly string[], options: { signal?: AbortSignal; onProgress?: (percent: number) => void } = {}): Promise<Embeddings> {
    const model = await this.ai.resolve(ModelCapability.Vectorize, { userId });
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH) {
      options.signal?.throwIfAborted();
      vectors.push(...(await this.ai.embed(model, texts.slice(start, start + EMBED_BATCH), options.signal)));
      if (texts.length > EMBED_BATCH) options.onProgress?.(Math.round((100 * vectors.length) / texts.length));
    }
    return { model: model.id, vectors };
  }
}
