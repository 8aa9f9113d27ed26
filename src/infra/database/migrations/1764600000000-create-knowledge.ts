import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retrieval (docs/knowledge.md): a FULLTEXT index over the chunks' passages for the keyword half
 * of hybrid search (exact names and numbers), an index to replace one source's chunks without
 * reading the owner's others, where each file's text is searched (the chat it was dropped into,
 * or a topic) and with which embedding model it was indexed (re-vectorized when that changes), and
 * the memories an answer was given (shown with it).
 */
export class CreateKnowledge1764600000000 implements MigrationInterface {
  name = 'CreateKnowledge1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE vector_chunks ADD FULLTEXT INDEX ft_vector_chunks_excerpt (excerpt), ADD KEY ix_vector_chunks_source (owner_user_id, source_id)');
    await db.query(
      'ALTER TABLE files ADD COLUMN search_group_kind VARCHAR(16) NULL AFTER process_level, ADD COLUMN search_group_id VARCHAR(64) NULL AFTER search_group_kind, ADD COLUMN indexed_model VARCHAR(100) NULL AFTER search_group_id',
    );
    await db.query('ALTER TABLE messages ADD COLUMN memories_used JSON NULL AFTER citations');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE messages DROP COLUMN memories_used');
    await db.query('ALTER TABLE files DROP COLUMN indexed_model, DROP COLUMN search_group_id, DROP COLUMN search_group_kind');
    await db.query('ALTER TABLE vector_chunks DROP INDEX ix_vector_chunks_source, DROP INDEX ft_vector_chunks_excerpt');
  }
}
