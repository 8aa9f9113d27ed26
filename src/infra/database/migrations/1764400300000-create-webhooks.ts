import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Outbound webhooks (docs/webhooks.md): each user's endpoints, and every delivery to them with its
 * payload (so a delivery can be sent again byte for byte) and how its last attempt went.
 */
export class CreateWebhooks1764400300000 implements MigrationInterface {
  name = 'CreateWebhooks1764400300000';

  async up(db: QueryRunner): Promise<void> {
    // The secret is kept as it is: the server signs with it, so a hash would not do.
    await db.query(`
      CREATE TABLE webhook_endpoints (
        id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        url VARCHAR(2000) NOT NULL,
        description VARCHAR(200) NOT NULL DEFAULT '',
        events JSON NOT NULL,
        secret VARCHAR(100) NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_webhook_endpoints_user (user_id, active),
        CONSTRAINT fk_webhook_endpoints_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id CHAR(36) NOT NULL,
        endpoint_id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        event VARCHAR(64) NOT NULL,
        payload MEDIUMTEXT NOT NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts INT NOT NULL DEFAULT 0,
        response_status INT NULL,
        response_excerpt VARCHAR(500) NULL,
        error VARCHAR(500) NULL,
        resend_of CHAR(36) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        last_attempt_at DATETIME(3) NULL,
        delivered_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_webhook_deliveries_endpoint (endpoint_id, created_at),
        KEY ix_webhook_deliveries_user (user_id),
        CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_deliveries');
    await db.query('DROP TABLE webhook_endpoints');
  }
}
