import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';
import { checkTargetUrl, SafeFetchError } from '../../../infra/http/safe-fetch/target-guard';
import { JobQueueService } from '../../../infra/queue/job-queue.service';
import { JobName } from '../../../infra/queue/jobs';
import { UserChannel } from '../../realtime/user-channel.service';
import { WidgetsService } from '../../widgets/widgets.service';
import { KnowledgeIndex } from '../knowledge-index.service';
import { CreateWidgetSourceDto, WidgetSourceDto } from './dto/widget-source.dto';
import { pageSourceId } from './widget-source-crawl.service';
import type { WidgetSource } from './widget-source.entity';
import { WidgetSourcesRepository } from './widget-sources.repository';
import { canonicalUrl } from './site-urls';

/** Websites per widget: a shop, its help centre, its blog and a few more; each crawl is up to CRAWL_MAX_PAGES pages. */
export const MAX_SOURCES_PER_WIDGET = 20;

/**
 * A widget's websites as its owner manages them (`/widgets/:wid/sources`): adding one checks that
 * it is a public address (the same guard every crawl request passes) and queues its crawl; removing
 * one removes its pages from the index. Every change is announced as `widget.source.updated`.
 */
@Injectable()
export class WidgetSourcesService {
  constructor(
    private readonly sources: WidgetSourcesRepository,
    private readonly widgets: WidgetsService,
    private readonly index: KnowledgeIndex,
    private readonly jobs: JobQueueService,
    private readonly users: UserChannel,
    private readonly config: AppConfig,
  ) {}

  async list(userId: string, widgetId: string): Promise<WidgetSourceDto[]> {
    await this.widgets.findOwned(userId, widgetId);
    return (await this.sources.listOfWidget(widgetId)).map((source) => WidgetSourceDto.from(source));
  }

  async create(userId: string, widgetId: string, dto: CreateWidgetSourceDto): Promise<WidgetSourceDto> {
    await this.widgets.findOwned(userId, widgetId);
    const url = await this.checkedUrl(dto.url);
    const existing = await this.sources.listOfWidget(widgetId);
    if (existing.length >= MAX_SOURCES_PER_WIDGET) throw new AppException(ErrorCode.Conflict, `A widget answers from at most ${MAX_SOURCES_PER_WIDGET} websites; remove one first.`);
    if (existing.some((source) => source.url === url)) throw new AppException(ErrorCode.Conflict, 'This address is already one of the widget’s websites; crawl it again instead.');
    const source = await this.sources.insert({ id: randomUUID(), widgetId, ownerUserId: userId, url, state: 'queued', pages: 0, error: null, crawledAt: null });
    await this.jobs.enqueue({ name: JobName.CrawlWidgetSource, data: { sourceId: source.id } });
    return this.announce(source);
  }

  /** Crawls the site again: pages it no longer has leave the index, changed ones are replaced. */
  async recrawl(userId: string, widgetId: string, id: string): Promise<WidgetSourceDto> {
    const source = await this.findOwned(userId, widgetId, id);
    if (source.state === 'queued' || source.state === 'crawling') throw new AppException(ErrorCode.Conflict, 'The website is being crawled already.');
    // Where the name points now is what the crawl will reach: checked again, as at creation.
    await this.checkedUrl(source.url);
    await this.sources.update(source.id, { state: 'queued', error: null });
    await this.jobs.enqueue({ name: JobName.CrawlWidgetSource, data: { sourceId: source.id } });
    return this.announce({ ...source, state: 'queued', error: null });
  }

  /** Removes the website and its pages from the widget's knowledge. */
  async delete(userId: string, widgetId: string, id: string): Promise<void> {
    const source = await this.findOwned(userId, widgetId, id);
    const pageIds = await this.sources.pageIdsOf(source.id);
    // The row first: a crawl running meanwhile sees it gone and removes what it indexes after this.
    await this.sources.delete(source.id);
    for (const pageId of pageIds) await this.index.remove(source.ownerUserId, { sourceId: pageSourceId(pageId) });
  }

  private async findOwned(userId: string, widgetId: string, id: string): Promise<WidgetSource> {
    await this.widgets.findOwned(userId, widgetId);
    const source = await this.sources.findInWidget(widgetId, id);
    if (!source) throw new AppException(ErrorCode.NotFound, 'No such website.');
    return source;
  }

  /** The address canonical, when it is an http(s) URL whose host is public now; else URL_NOT_ALLOWED saying why. */
  private async checkedUrl(raw: string): Promise<string> {
    const url = canonicalUrl(raw);
    if (!url) throw new AppException(ErrorCode.UrlNotAllowed, 'url must be an absolute http(s) address without a user name or password.');
    try {
      await checkTargetUrl(url.href, { allowPrivate: this.config.outbound.allowPrivateTargets });
    } catch (error) {
      if (error instanceof SafeFetchError) throw new AppException(ErrorCode.UrlNotAllowed, error.message);
      throw error;
    }
    return url.href;
  }

  private announce(source: WidgetSource): WidgetSourceDto {
    const dto = WidgetSourceDto.from(source);
    this.users.notify(source.ownerUserId, 'widget.source.updated', dto);
    return dto;
  }
}
