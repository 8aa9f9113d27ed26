import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * The MariaDB vector store (docs/knowledge.md, "Vector store"). MariaDB 10.11 has no VECTOR type:
 * vectors are int8 BLOBs searched through an IVF index of our own. The primary key starts with
 * (model, owner, cluster) so the rows of one owner's cluster lie next to each other and a search
 * reads its probed clusters as a few short range scans of the clustered index.
 */
export class CreateVectorStore1764500000000 implements MigrationInterface {
  name = 'CreateVectorStore1764500000000';

  async up(db: QueryRunner): Promise<void> {
    // cluster_id -1: not assigned to a centroid yet (no index trained, or inserted while one was
    // being trained); such rows are read by every search.
    await db.query(`
      CREATE TABLE vector_chunks (
        model_id VARCHAR(100) NOT NULL,
        owner_user_id CHAR(36) NOT NULL,
        cluster_id INT NOT NULL,
        id VARCHAR(150) NOT NULL,
        group_kind VARCHAR(16) NOT NULL,
        group_id VARCHAR(64) NOT NULL,
        source_id VARCHAR(150) NOT NULL,
        source JSON NOT NULL,
        excerpt MEDIUMTEXT NOT NULL,
        scale FLOAT NOT NULL,
        vector BLOB NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (model_id, owner_user_id, cluster_id, id),
        UNIQUE KEY uq_vector_chunks_id (model_id, owner_user_id, id),
        KEY ix_vector_chunks_scope (model_id, owner_user_id, group_kind, group_id),
        KEY ix_vector_chunks_owner (owner_user_id, group_kind, group_id, source_id),
        CONSTRAINT fk_vector_chunks_owner FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
    // One IVF index per embedding model: its centroids and the state searches and upserts read.
    await db.query(`
      CREATE TABLE vector_indexes (
        model_id VARCHAR(100) NOT NULL,
        dimensions INT NOT NULL,
        clusters INT NOT NULL DEFAULT 0,
        trained_rows INT NOT NULL DEFAULT 0,
        version INT NOT NULL DEFAULT 0,
        training TINYINT(1) NOT NULL DEFAULT 0,
        trained_at DATETIME(3) NULL,
        PRIMARY KEY (model_id)
      ) ${TABLE_OPTIONS}`);
    await db.query(`
      CREATE TABLE vector_centroids (
        model_id VARCHAR(100) NOT NULL,
        cluster_id INT NOT NULL,
        centroid BLOB NOT NULL,
        PRIMARY KEY (model_id, cluster_id),
        CONSTRAINT fk_vector_centroids_index FOREIGN KEY (model_id) REFERENCES vector_indexes (model_id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE vector_centroids');
    await db.query('DROP TABLE vector_indexes');
    await db.query('DROP TABLE vector_chunks');
  }
}
