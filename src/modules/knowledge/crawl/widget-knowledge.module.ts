import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../../realtime/realtime.module';
import { WidgetsModule } from '../../widgets/widgets.module';
import { KnowledgeModule } from '../knowledge.module';
import { CRAWL_CONTROLLERS, CRAWL_ENTITIES, CRAWL_PROVIDERS } from './crawl.providers';

/**
 * Widget knowledge from websites (docs/knowledge.md): the owner's `/widgets/:wid/sources` and the
 * crawl job. A module of its own rather than part of KnowledgeModule: it needs WidgetsModule
 * (whose ChatModule will need KnowledgeModule for retrieval), and nothing needs it, so no import
 * cycle can form.
 */
@Module({
  imports: [TypeOrmModule.forFeature(CRAWL_ENTITIES), KnowledgeModule, WidgetsModule, RealtimeModule],
  controllers: CRAWL_CONTROLLERS,
  providers: CRAWL_PROVIDERS,
})
export class WidgetKnowledgeModule {}
