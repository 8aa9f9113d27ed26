import { Injectable } from '@nestjs/common';
import { AiService } from '../ai/ai.service';
import { ModelCapability } from '../ai/ai.types';

/** Texts per embedding call: small enough for any provider's request limit, large enough to amortise its latency. */
const EMBED_BATCH = 64;

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
  constructor(private readonly ai: AiService) {}

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
