import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { FeedbackController } from './feedback.controller';
import { Feedback } from './feedback.entity';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { IndexFeedbackJob } from './jobs/index-feedback.job';

/** Feedback on answers (docs/knowledge.md): thumbs and notes, recalled as examples for similar questions. */
@Module({
  imports: [TypeOrmModule.forFeature([Feedback]), ChatModule, KnowledgeModule],
  controllers: [FeedbackController],
  providers: [FeedbackRepository, FeedbackService, IndexFeedbackJob],
  exports: [FeedbackService],
})
export class FeedbackModule {}
