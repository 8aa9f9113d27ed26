import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { UserChannel } from '../../realtime/user-channel.service';
import { KnowledgeIndex } from '../knowledge-index.service';
import { WidgetSourceDto } from './dto/widget-source.dto';
import { crawlSite, type CrawlFailure } from './site-crawler';
import type { WidgetSource, WidgetSourceState } from './widget-source.entity';
import { WidgetSourcesRepository } from './widget-sources.repository';

/** Longest `error` kept on a source (the column's size). */
const MAX_ERROR = 1000;

/** The vector store's source id of a crawled page's chunks. */
export function pageSourceId(pageId: string): string {
  return `page:${pageId}`;
}

/**
 * Crawls a widget's website on `async_index` (CrawlWidgetSourceJob) and keeps the widget's
 * knowledge in step with it: each page read is recorded and indexed at once in the group
 * widget:<widgetId> (owned by the widget's owner, citing the page's URL and title), replacing what
 * an earlier crawl indexed of it; after a crawl that read anything, pages it did not find again
 * leave the index. A page that fails is skipped; the source fails only when nothing could be read,
 * and then keeps the pages of its last good crawl. Every state is announced as
 * `widget.source.updated`. Idempotent: a re-run crawls again.
 */
@Injectable()
export class WidgetSourceCrawl {
  private readonly logger = new Logger(WidgetSourceCrawl.name);

  constructor(
    private readonly sources: WidgetSourcesRepository,
    private readonly index: KnowledgeIndex,
    private readonly users: UserChannel,
    private readonly config: AppConfig,
  ) {}

  /** Crawls source `sourceId`; resolves with its final state, or null when it is gone. Database and index trouble throws, for the job to retry. */
  async crawl(sourceId: string): Promise<WidgetSourceState | null> {
    const found = await this.sources.findById(sourceId);
    if (!found) return null;
    let source = await this.change(found, { state: 'crawling', error: null });
    const startedAt = new Date();
    const group = { kind: 'widget' as const, id: source.widgetId };
    const failures: CrawlFailure[] = [];
    let read = 0;
    for await (const event of crawlSite(new URL(source.url), { ...this.config.crawl, allowPrivate: this.config.outbound.allowPrivateTargets })) {
      if (event.kind === 'failure') {
        failures.push(event.failure);
        continue;
      }
      const { page } = event;
      if (!(await this.sources.exists(source.id))) return null;
      const pageId = await this.sources.savePage(source.id, page);
      await this.index.index({ ownerUserId: source.ownerUserId, group, sourceId: pageSourceId(pageId), source: { url: page.url, title: page.title ?? page.url }, document: page.document });
      // Removed while this page was being indexed: its chunks must not outlive it.
      if (!(await this.sources.exists(source.id))) {
        await this.index.remove(source.ownerUserId, { sourceId: pageSourceId(pageId) });
        return null;
      }
      read++;
      source = await this.change(source, { pages: read });
    }
    if (failures.length > 0) this.logger.log(`widget source ${source.id}: ${failures.length} page(s) skipped, first: ${failures[0]?.code}: ${failures[0]?.message}`);

    if (read === 0) {
      const first = failures[0];
      const error = first ? `${first.code}: ${first.message}` : `NOTHING_READ: ${source.url} and the pages it links to have no text to read.`;
      await this.change(source, { state: 'failed', error: error.slice(0, MAX_ERROR), pages: await this.sources.countPages(source.id) });
      return 'failed';
    }
    const gone = await this.sources.pagesReadBefore(source.id, startedAt);
    for (const pageId of gone) await this.index.remove(source.ownerUserId, { sourceId: pageSourceId(pageId) });
    await this.sources.deletePages(gone);
    await this.change(source, { state: 'done', pages: read, error: null, crawledAt: new Date() });
    return 'done';
  }

  /** Fails a source whose crawl job gave up after its retries (database or index trouble). */
  async giveUp(sourceId: string, reason: string): Promise<void> {
    const source = await this.sources.findById(sourceId);
    if (source && source.state !== 'failed') await this.change(source, { state: 'failed', error: `INTERNAL: Crawling kept failing: ${reason}`.slice(0, MAX_ERROR) });
  }

  private async change(source: WidgetSource, changes: Partial<Pick<WidgetSource, 'state' | 'pages' | 'error' | 'crawledAt'>>): Promise<WidgetSource> {
    await this.sources.update(source.id, changes);
    const updated = { ...source, ...changes };
    this.users.notify(source.ownerUserId, 'widget.source.updated', WidgetSourceDto.from(updated));
    return updated;
  }
}
