import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the chat actions need on an answer (docs/api.md, chat actions): the model's reasoning and
 * how long it thought; whether it was cut off at the output token limit (it can be continued);
 * and, when the question was answered again or edited, when a newer version replaced it (older
 * versions stay readable but leave the conversation the model sees).
 */
export class MessageVersionsAndThinking1764700400000 implements MigrationInterface {
  name = 'MessageVersionsAndThinking1764700400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE messages
        ADD COLUMN thinking MEDIUMTEXT NULL,
        ADD COLUMN thinking_ms INT NULL,
        ADD COLUMN truncated TINYINT(1) NOT NULL DEFAULT 0,
        ADD COLUMN superseded_at DATETIME(3) NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE messages DROP COLUMN thinking, DROP COLUMN thinking_ms, DROP COLUMN truncated, DROP COLUMN superseded_at');
  }
}
