import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Feedback on answers (docs/knowledge.md): one row per user and answer, replaced when given again.
 * The question and an excerpt of the answer are copied in, so examples are recalled without reading
 * chats; deleting the answer (or its chat) deletes its feedback.
 */
export class CreateFeedback1764600200000 implements MigrationInterface {
  name = 'CreateFeedback1764600200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feedback (
        user_id CHAR(36) NOT NULL,
        message_id CHAR(36) NOT NULL,
        chat_id CHAR(36) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        note VARCHAR(1000) NULL,
        question TEXT NOT NULL,
        answer_excerpt TEXT NOT NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (user_id, message_id),
        KEY ix_feedback_chat (user_id, chat_id),
        CONSTRAINT fk_feedback_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_feedback_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE feedback');
  }
}
