import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A page a crawl of a widget source read; its chunks are the vector store's source `page:<id>`. */
@Entity('widget_source_pages')
export class WidgetSourcePage {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'source_id', type: 'char', length: 36 })
  sourceId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** SHA-256 of `url` (hex): unique per source, so a re-crawl finds the page again. */
  @Column({ name: 'url_hash', type: 'char', length: 64 })
  urlHash!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  title!: string | null;

  /** Characters of text indexed. */
  @Column({ type: 'int' })
  chars!: number;

  /** When it was last read: pages a re-crawl did not read again are older than its start, and go. */
  @Column({ name: 'crawled_at', type: 'datetime', precision: 3 })
  crawledAt!: Date;
}
