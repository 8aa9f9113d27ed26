import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * External channels (WhatsApp, e-mail): the accounts messages arrive at, the people who write to
 * them, every inbound message once (its reply address with it) and every outbound delivery.
 * Accounts configured by environment variables have no row: their id is `env:<channel>`, so
 * account ids elsewhere are not foreign keys.
 */
export class CreateChannels1764400000000 implements MigrationInterface {
  name = 'CreateChannels1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE channel_accounts (
        id CHAR(36) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        owner_user_id CHAR(36) NOT NULL,
        address VARCHAR(254) NOT NULL,
        name VARCHAR(100) NOT NULL,
        config JSON NOT NULL,
        secrets JSON NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY ux_channel_accounts_address (channel, address),
        KEY ix_channel_accounts_owner (owner_user_id, channel),
        CONSTRAINT fk_channel_accounts_owner FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE channel_contacts (
        id CHAR(36) NOT NULL,
        account_id VARCHAR(64) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        address VARCHAR(254) NOT NULL,
        name VARCHAR(200) NULL,
        chat_id CHAR(36) NULL,
        last_inbound_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY ux_channel_contacts_address (account_id, address),
        CONSTRAINT fk_channel_contacts_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE SET NULL
      ) ${TABLE_OPTIONS}`);
    // external_key: SHA-256 of the channel's own id (e-mail Message-IDs have no length limit).
    await db.query(`
      CREATE TABLE inbound_messages (
        id CHAR(36) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        external_key CHAR(64) NOT NULL,
        account_id VARCHAR(64) NOT NULL,
        contact_id CHAR(36) NULL,
        chat_id CHAR(36) NULL,
        message_id CHAR(36) NULL,
        reply_address JSON NOT NULL,
        received_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_inbound_messages_external (channel, external_key),
        KEY ix_inbound_messages_chat (chat_id, received_at),
        CONSTRAINT fk_inbound_messages_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE outbound_messages (
        id CHAR(36) NOT NULL,
        message_id CHAR(36) NOT NULL,
        chat_id CHAR(36) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        account_id VARCHAR(64) NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        error_code VARCHAR(64) NULL,
        error_message VARCHAR(1000) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY ux_outbound_messages_message (message_id),
        KEY ix_outbound_messages_chat (chat_id, created_at),
        CONSTRAINT fk_outbound_messages_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    // One row per piece the channel knows by its own id (a long WhatsApp answer goes out in parts).
    await db.query(`
      CREATE TABLE outbound_message_parts (
        channel VARCHAR(16) NOT NULL,
        external_key CHAR(64) NOT NULL,
        outbound_id CHAR(36) NOT NULL,
        PRIMARY KEY (channel, external_key),
        KEY ix_outbound_message_parts_outbound (outbound_id),
        CONSTRAINT fk_outbound_message_parts_outbound FOREIGN KEY (outbound_id) REFERENCES outbound_messages (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE outbound_message_parts');
    await db.query('DROP TABLE outbound_messages');
    await db.query('DROP TABLE inbound_messages');
    await db.query('DROP TABLE channel_contacts');
    await db.query('DROP TABLE channel_accounts');
  }
}
