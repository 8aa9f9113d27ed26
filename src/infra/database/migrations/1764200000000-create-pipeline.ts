import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Chats, messages, task records, files, task prompts, settings, the model catalogue and bindings. */
export class CreatePipeline1764200000000 implements MigrationInterface {
  name = 'CreatePipeline1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE chats (
        id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        title VARCHAR(200) NOT NULL DEFAULT '',
        channel VARCHAR(16) NOT NULL DEFAULT 'web',
        summary MEDIUMTEXT NULL,
        summarized_until DATETIME(3) NULL,
        last_message_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_chats_user_recent (user_id, last_message_at),
        CONSTRAINT fk_chats_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE messages (
        id CHAR(36) NOT NULL,
        chat_id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        role VARCHAR(16) NOT NULL,
        text MEDIUMTEXT NOT NULL,
        status VARCHAR(16) NOT NULL,
        track_id CHAR(36) NULL,
        reply_to_id CHAR(36) NULL,
        topic VARCHAR(64) NULL,
        language VARCHAR(8) NULL,
        provider VARCHAR(32) NULL,
        model VARCHAR(100) NULL,
        usage_json JSON NULL,
        file_ids JSON NOT NULL,
        citations JSON NOT NULL,
        error_code VARCHAR(64) NULL,
        error_message VARCHAR(1000) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        completed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_messages_chat (chat_id, created_at),
        KEY ix_messages_track (track_id),
        CONSTRAINT fk_messages_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE message_tasks (
        id CHAR(36) NOT NULL,
        message_id CHAR(36) NOT NULL,
        node_id VARCHAR(64) NOT NULL,
        capability VARCHAR(32) NOT NULL,
        depends_on JSON NOT NULL,
        position SMALLINT NOT NULL,
        state VARCHAR(16) NOT NULL,
        error VARCHAR(1000) NULL,
        result_text MEDIUMTEXT NULL,
        result_file_id CHAR(36) NULL,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_message_tasks_node (message_id, node_id),
        CONSTRAINT fk_message_tasks_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE files (
        id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        name VARCHAR(255) NOT NULL,
        mime VARCHAR(127) NOT NULL,
        size BIGINT NOT NULL,
        storage_key VARCHAR(255) NOT NULL,
        origin VARCHAR(16) NOT NULL,
        state VARCHAR(16) NOT NULL,
        error VARCHAR(1000) NULL,
        message_id CHAR(36) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_files_user (user_id, created_at),
        KEY ix_files_message (message_id),
        CONSTRAINT fk_files_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    // scope: 'system' for the installation-wide prompts, else the owning user's id (a personal override).
    await db.query(`
      CREATE TABLE task_prompts (
        id CHAR(36) NOT NULL,
        scope VARCHAR(36) NOT NULL,
        topic VARCHAR(64) NOT NULL,
        description VARCHAR(1000) NOT NULL DEFAULT '',
        prompt MEDIUMTEXT NOT NULL,
        selection_rules JSON NOT NULL,
        enabled TINYINT(1) NOT NULL DEFAULT 1,
        settings JSON NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_task_prompts_scope_topic (scope, topic)
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE app_settings (
        name VARCHAR(64) NOT NULL,
        value JSON NOT NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (name)
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE ai_models (
        id VARCHAR(100) NOT NULL,
        provider VARCHAR(32) NOT NULL,
        name VARCHAR(200) NOT NULL,
        label VARCHAR(200) NOT NULL,
        capabilities JSON NOT NULL,
        enabled TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id)
      ) ${TABLE_OPTIONS}`);
    // scope: 'global' or a user id (a personal override of the global binding).
    await db.query(`
      CREATE TABLE model_bindings (
        scope VARCHAR(36) NOT NULL,
        capability VARCHAR(16) NOT NULL,
        model_id VARCHAR(100) NOT NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (scope, capability)
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['model_bindings', 'ai_models', 'app_settings', 'task_prompts', 'files', 'message_tasks', 'messages', 'chats']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
