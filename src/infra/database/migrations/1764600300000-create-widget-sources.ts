import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Widget knowledge (docs/knowledge.md): the websites a widget's owner added for the widget to
 * answer from, and the pages a crawl read from each (their text lives in the vector store, as
 * chunks of source `page:<id>`). Deleting the widget deletes its sources and their pages.
 */
export class CreateWidgetSources1764600300000 implements MigrationInterface {
  name = 'CreateWidgetSources1764600300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE widget_sources (
        id CHAR(36) NOT NULL,
        widget_id CHAR(36) NOT NULL,
        owner_user_id CHAR(36) NOT NULL,
        url VARCHAR(2000) NOT NULL,
        state VARCHAR(16) NOT NULL DEFAULT 'queued',
        pages INT NOT NULL DEFAULT 0,
        error VARCHAR(1000) NULL,
        crawled_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_widget_sources_widget (widget_id, created_at),
        CONSTRAINT fk_widget_sources_widget FOREIGN KEY (widget_id) REFERENCES widgets (id) ON DELETE CASCADE,
        CONSTRAINT fk_widget_sources_owner FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    // A page is known by the hash of its canonical URL (the URL itself is too long for a unique key):
    // a re-crawl finds it again and keeps its id, so its chunks are replaced rather than duplicated.
    await db.query(`
      CREATE TABLE widget_source_pages (
        id CHAR(36) NOT NULL,
        source_id CHAR(36) NOT NULL,
        url VARCHAR(2000) NOT NULL,
        url_hash CHAR(64) NOT NULL,
        title VARCHAR(300) NULL,
        chars INT NOT NULL,
        crawled_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_widget_source_pages_url (source_id, url_hash),
        CONSTRAINT fk_widget_source_pages_source FOREIGN KEY (source_id) REFERENCES widget_sources (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE widget_source_pages');
    await db.query('DROP TABLE widget_sources');
  }
}
