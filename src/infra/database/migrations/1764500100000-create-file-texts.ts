import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Documents (docs/knowledge.md): what an upload asked to be done with it (`process_level`), and
 * the text extracted from it by section (page, heading path), kept apart from the file row so
 * listing files never reads megabytes of text. Deleting the file deletes its text.
 */
export class CreateFileTexts1764500100000 implements MigrationInterface {
  name = 'CreateFileTexts1764500100000';

  async up(db: QueryRunner): Promise<void> {
    // Files stored before uploads (generated, received) are kept as they are: 'store'.
    await db.query(`ALTER TABLE files ADD COLUMN process_level VARCHAR(16) NOT NULL DEFAULT 'store' AFTER state`);
    await db.query(`
      CREATE TABLE file_texts (
        file_id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        pages INT NULL,
        chars INT NOT NULL,
        sections JSON NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (file_id),
        KEY ix_file_texts_user (user_id),
        CONSTRAINT fk_file_texts_file FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE file_texts');
    await db.query('ALTER TABLE files DROP COLUMN process_level');
  }
}
