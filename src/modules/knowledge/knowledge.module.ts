import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { FilesModule } from '../files/files.module';
import { Embedder } from './embedder.service';
import { RevectorizeOwnerJob } from './jobs/revectorize-owner.job';
import { VectorizeFileJob } from './jobs/vectorize-file.job';
import { KnowledgeFiles } from './knowledge-files.service';
import { KnowledgeIndex } from './knowledge-index.service';
import { KnowledgeSearch } from './knowledge-search.service';

/**
 * Retrieval (docs/knowledge.md): indexing texts (files, crawled pages) into the vector store and
 * searching them, hybrid, for answers that cite their sources.
 */
@Module({
  imports: [AiModule, FilesModule],
  providers: [Embedder, KnowledgeIndex, KnowledgeSearch, KnowledgeFiles, VectorizeFileJob, RevectorizeOwnerJob],
  exports: [Embedder, KnowledgeIndex, KnowledgeSearch, KnowledgeFiles],
})
export class KnowledgeModule {}
