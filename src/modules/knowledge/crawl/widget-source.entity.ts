import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { WidgetSourceState } from '../../../contracts/widgets';

/** queued → crawling → done, or failed (nothing could be read). A re-crawl starts again at queued. */
export type { WidgetSourceState };

/** A website a widget answers from: crawled on `async_index`, its pages indexed in the group widget:<widgetId>. */
@Entity('widget_sources')
export class WidgetSource {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'widget_id', type: 'char', length: 36 })
  widgetId!: string;

  /** The widget's owner: whose vector chunks the pages become. */
  @Column({ name: 'owner_user_id', type: 'char', length: 36 })
  ownerUserId!: string;

  /** Where the crawl starts, canonical (site-urls.ts). */
  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: WidgetSourceState;

  /** Pages read and indexed (by the last crawl that read any). */
  @Column({ type: 'int' })
  pages!: number;

  /** Why the last crawl failed, `CODE: explanation`, else null. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  /** When the last crawl that read pages ended. */
  @Column({ name: 'crawled_at', type: 'datetime', precision: 3, nullable: true })
  crawledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
