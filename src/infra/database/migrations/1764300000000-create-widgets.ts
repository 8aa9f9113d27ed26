import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Widgets and their visitor sessions (each session's conversation is a chat of the widget's owner). */
export class CreateWidgets1764300000000 implements MigrationInterface {
  name = 'CreateWidgets1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Who wrote an operator message (or caused a system line), as shown to the visitor.
    await db.query('ALTER TABLE messages ADD COLUMN author_name VARCHAR(100) NULL');
    await db.query(`
      CREATE TABLE widgets (
        id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        name VARCHAR(100) NOT NULL,
        task_prompt_topic VARCHAR(64) NULL,
        allowed_domains JSON NOT NULL,
        config JSON NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_widgets_user (user_id, created_at),
        CONSTRAINT fk_widgets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE widget_sessions (
        widget_id CHAR(36) NOT NULL,
        id VARCHAR(80) NOT NULL,
        chat_id CHAR(36) NOT NULL,
        mode VARCHAR(8) NOT NULL DEFAULT 'ai',
        operator_id CHAR(36) NULL,
        operator_name VARCHAR(100) NULL,
        preview VARCHAR(140) NOT NULL DEFAULT '',
        unread INT NOT NULL DEFAULT 0,
        message_count INT NOT NULL DEFAULT 0,
        page_url VARCHAR(500) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        last_message_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (widget_id, id),
        UNIQUE KEY ux_widget_sessions_chat (chat_id),
        KEY ix_widget_sessions_recent (widget_id, last_message_at),
        CONSTRAINT fk_widget_sessions_widget FOREIGN KEY (widget_id) REFERENCES widgets (id) ON DELETE CASCADE,
        CONSTRAINT fk_widget_sessions_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE widget_sessions');
    await db.query('DROP TABLE widgets');
    await db.query('ALTER TABLE messages DROP COLUMN author_name');
  }
}
