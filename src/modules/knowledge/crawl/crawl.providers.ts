import { CrawlWidgetSourceJob } from './crawl-widget-source.job';
import { WidgetSourceCrawl } from './widget-source-crawl.service';
import { WidgetSourcePage } from './widget-source-page.entity';
import { WidgetSource } from './widget-source.entity';
import { WidgetSourcesController } from './widget-sources.controller';
import { WidgetSourcesRepository } from './widget-sources.repository';
import { WidgetSourcesService } from './widget-sources.service';

/** Widget knowledge from websites, for KnowledgeModule: it needs WidgetsModule, RealtimeModule and these entities. */
export const CRAWL_ENTITIES = [WidgetSource, WidgetSourcePage];
export const CRAWL_CONTROLLERS = [WidgetSourcesController];
export const CRAWL_PROVIDERS = [WidgetSourcesRepository, WidgetSourcesService, WidgetSourceCrawl, CrawlWidgetSourceJob];
