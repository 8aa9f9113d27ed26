import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, LessThan, type Repository } from 'typeorm';
import { sha256Hex } from '../../../common/crypto';
import { WidgetSourcePage } from './widget-source-page.entity';
import { WidgetSource } from './widget-source.entity';

/** A page as a crawl read it, before it has a row. */
export interface PageRead {
  url: string;
  title: string | null;
  chars: number;
}

@Injectable()
export class WidgetSourcesRepository {
  constructor(
    @InjectRepository(WidgetSource) private readonly sources: Repository<WidgetSource>,
    @InjectRepository(WidgetSourcePage) private readonly pages: Repository<WidgetSourcePage>,
  ) {}

  async insert(source: Omit<WidgetSource, 'createdAt'>): Promise<WidgetSource> {
    await this.sources.insert(source);
    return (await this.sources.findOneBy({ id: source.id })) as WidgetSource;
  }

  /** Newest first. */
  listOfWidget(widgetId: string): Promise<WidgetSource[]> {
    return this.sources.find({ where: { widgetId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  countOfWidget(widgetId: string): Promise<number> {
    return this.sources.countBy({ widgetId });
  }

  findInWidget(widgetId: string, id: string): Promise<WidgetSource | null> {
    return this.sources.findOneBy({ id, widgetId });
  }

  findById(id: string): Promise<WidgetSource | null> {
    return this.sources.findOneBy({ id });
  }

  /** Whether the source still exists (a crawl checks, since its owner may remove it meanwhile). */
  async exists(id: string): Promise<boolean> {
    return (await this.sources.countBy({ id })) > 0;
  }

  async update(id: string, changes: Partial<Pick<WidgetSource, 'state' | 'pages' | 'error' | 'crawledAt'>>): Promise<void> {
    await this.sources.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.sources.delete({ id });
  }

  /**
   * Records a page read now, and returns its id: the id it had when an earlier crawl read the same
   * address, so that indexing it again replaces its chunks. Throws (a foreign key error) when the
   * source was removed meanwhile.
   */
  async savePage(sourceId: string, page: PageRead): Promise<string> {
    const urlHash = sha256Hex(page.url);
    const changes = { title: page.title?.slice(0, 300) ?? null, chars: page.chars, crawledAt: new Date() };
    const existing = await this.pages.findOne({ where: { sourceId, urlHash }, select: { id: true } });
    if (existing) {
      await this.pages.update({ id: existing.id }, changes);
      return existing.id;
    }
    const id = randomUUID();
    await this.pages.insert({ id, sourceId, url: page.url, urlHash, ...changes });
    return id;
  }

  async pageIdsOf(sourceId: string): Promise<string[]> {
    return (await this.pages.find({ where: { sourceId }, select: { id: true } })).map((page) => page.id);
  }

  countPages(sourceId: string): Promise<number> {
    return this.pages.countBy({ sourceId });
  }

  /** Ids of the source's pages last read before `before` (a re-crawl's start): pages the site no longer has. */
  async pagesReadBefore(sourceId: string, before: Date): Promise<string[]> {
    return (await this.pages.find({ where: { sourceId, crawledAt: LessThan(before) }, select: { id: true } })).map((page) => page.id);
  }

  async deletePages(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.pages.delete({ id: In([...ids]) });
  }
}
