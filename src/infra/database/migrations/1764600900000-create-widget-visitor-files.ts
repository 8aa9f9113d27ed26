import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Files widget visitors upload (docs/widgets.md): the file is the widget owner's upload; this row
 * says which visitor session sent it, the only session that may attach it. There is no key to
 * widget_sessions: a visitor may upload before their first message creates the session.
 */
export class CreateWidgetVisitorFiles1764600900000 implements MigrationInterface {
  name = 'CreateWidgetVisitorFiles1764600900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE widget_visitor_files (
        file_id CHAR(36) NOT NULL,
        widget_id CHAR(36) NOT NULL,
        session_id VARCHAR(80) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (file_id),
        KEY ix_widget_visitor_files_session (widget_id, session_id),
        CONSTRAINT fk_widget_visitor_files_file FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE,
        CONSTRAINT fk_widget_visitor_files_widget FOREIGN KEY (widget_id) REFERENCES widgets (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE widget_visitor_files');
  }
}
