import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Memories (docs/knowledge.md): facts about a user, one row per (user, category, key), so a fact
 * told again replaces its row, also when two extraction jobs race (the unique key decides). The
 * chat and message a fact came from are kept for the Memories page and forgotten (NULL) with them.
 * `chats.memory_enabled` switches recall and extraction off for one chat.
 */
export class CreateMemories1764600100000 implements MigrationInterface {
  name = 'CreateMemories1764600100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE memories (
        id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        category VARCHAR(16) NOT NULL,
        \`key\` VARCHAR(100) NOT NULL,
        value VARCHAR(1000) NOT NULL,
        source_chat_id CHAR(36) NULL,
        source_message_id CHAR(36) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY ux_memories_user_key (user_id, category, \`key\`),
        KEY ix_memories_user_updated (user_id, updated_at),
        CONSTRAINT fk_memories_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_memories_chat FOREIGN KEY (source_chat_id) REFERENCES chats (id) ON DELETE SET NULL,
        CONSTRAINT fk_memories_message FOREIGN KEY (source_message_id) REFERENCES messages (id) ON DELETE SET NULL
      ) ${TABLE_OPTIONS}`);
    await db.query('ALTER TABLE chats ADD COLUMN memory_enabled TINYINT(1) NOT NULL DEFAULT 1');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE chats DROP COLUMN memory_enabled');
    await db.query('DROP TABLE memories');
  }
}
