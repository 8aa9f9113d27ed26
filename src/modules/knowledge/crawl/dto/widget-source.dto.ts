import { IsString, MaxLength } from 'class-validator';
import type { WidgetSource as WidgetSourceContract } from '../../../../contracts/widgets';
import type { WidgetSource, WidgetSourceState } from '../widget-source.entity';

export class CreateWidgetSourceDto {
  /** Where the crawl starts: a public http(s) address; its site is crawled from there. */
  @IsString()
  @MaxLength(2000)
  url!: string;
}

/** A widget's website as its owner sees it (and as `widget.source.updated` announces it). */
export class WidgetSourceDto implements WidgetSourceContract {
  id!: string;
  widgetId!: string;
  url!: string;
  state!: WidgetSourceState;
  /** Pages read and indexed by the last crawl that read any. */
  pages!: number;
  /** Why the last crawl failed, `CODE: explanation`. */
  error!: string | null;
  crawledAt!: string | null;
  createdAt!: string;

  static from(source: WidgetSource): WidgetSourceDto {
    return {
      id: source.id,
      widgetId: source.widgetId,
      url: source.url,
      state: source.state,
      pages: source.pages,
      error: source.error,
      crawledAt: source.crawledAt?.toISOString() ?? null,
      createdAt: source.createdAt.toISOString(),
    };
  }
}
