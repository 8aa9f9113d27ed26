import { Injectable } from '@nestjs/common';
import { VectorStore, type VectorChunk, type VectorChunkSource, type VectorGroup } from '../../infra/vector-store/vector-store';
import type { ExtractedDocument } from '../files/extraction/document-kind';
import { chunkDocument, type TextChunk } from '../files/chunker';
import { Embedder } from './embedder.service';

/** A text to make searchable: a file's extracted text, a crawled page. */
export interface IndexableText {
  ownerUserId: string;
  /** Where retrieval finds it: the chat it was dropped into, the widget whose site it is, the topic it documents. */
  group: VectorGroup;
  /** What it was cut from (a file id, a crawled page id): indexing the same source again replaces it. */
  sourceId: string;
  /** What citations show: the file (fileId, title) or the page (url, title). Page and section are added per chunk. */
  source: Pick<VectorChunkSource, 'fileId' | 'url' | 'title'>;
  document: ExtractedDocument;
}

/**
 * Turns texts into searchable chunks: structure-aware chunks (pages, headings) embedded with the
 * owner's VECTORIZE model and stored in the vector store, each with the place it cites. Idempotent:
 * a source indexed again (a re-run job, a re-crawl, a new embedding model) replaces its chunks.
 */
@Injectable()
export class KnowledgeIndex {
  constructor(
    private readonly store: VectorStore,
    private readonly embedder: Embedder,
  ) {}

  /** Indexes the text and resolves with how many chunks it became and the embedding model that made them. */
  async index(text: IndexableText, options: { signal?: AbortSignal; onProgress?: (percent: number) => void } = {}): Promise<{ chunks: number; model: string }> {
    const chunks = chunkDocument(text.document);
    const { model, vectors } = await this.embedder.embed(text.ownerUserId, chunks.map(embeddedText), options);
    // Chunks of an earlier version (or another model) go first: a shorter new text leaves none behind.
    await this.store.delete({ ownerUserId: text.ownerUserId, sourceId: text.sourceId });
    await this.store.upsert(
      chunks.map((chunk, i): VectorChunk => ({
        id: `${text.sourceId}:${chunk.index}`,
        ownerUserId: text.ownerUserId,
        group: text.group,
        sourceId: text.sourceId,
        source: { ...text.source, ...placeOf(chunk) },
        text: chunk.text,
        model,
        vector: vectors[i],
      })),
    );
    return { chunks: chunks.length, model };
  }

  /** Removes a source's chunks (a deleted file, a removed site), or all of a group's. */
  remove(ownerUserId: string, what: { sourceId: string } | { group: VectorGroup }): Promise<number> {
    return this.store.delete({ ownerUserId, ...what });
  }
}

/** The section's headings are embedded with the passage: "Pricing" under "Enterprise plan" is found by either. */
function embeddedText(chunk: TextChunk): string {
  return chunk.headings?.length ? `${chunk.headings.join(' › ')}\n${chunk.text}` : chunk.text;
}

function placeOf(chunk: TextChunk): Pick<VectorChunkSource, 'page' | 'section'> {
  return { ...(chunk.page !== undefined ? { page: chunk.page } : {}), ...(chunk.headings?.length ? { section: chunk.headings.join(' › ') } : {}) };
}
