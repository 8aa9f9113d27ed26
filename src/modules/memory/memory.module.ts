import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../ai/ai.module';
import { ChatModule } from '../chat/chat.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ExtractMemoriesJob } from './jobs/extract-memories.job';
import { IndexMemoriesJob } from './jobs/index-memories.job';
import { MemoriesController } from './memories.controller';
import { MemoriesRepository } from './memories.repository';
import { Memory } from './memory.entity';
import { MemoryExtractor } from './memory-extractor.service';
import { MemoryService } from './memory.service';

/** Memories (docs/knowledge.md): facts about users, learnt from their messages and recalled into answers. */
@Module({
  imports: [TypeOrmModule.forFeature([Memory]), AiModule, ChatModule, KnowledgeModule],
  controllers: [MemoriesController],
  providers: [MemoriesRepository, MemoryService, MemoryExtractor, ExtractMemoriesJob, IndexMemoriesJob],
  exports: [MemoryService],
})
export class MemoryModule {}
