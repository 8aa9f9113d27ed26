import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../../src/infra/database/data-source-options';
import { queryReplica } from '../../src/infra/database/replica-reads';
import { MariaDbVectorStore } from '../../src/infra/vector-store/mariadb-vector-store';
import type { VectorChunk, VectorQuery } from '../../src/infra/vector-store/vector-store';
import { TestEnvironment } from '../support/test-environment';

/**
 * DATABASE_READ_URLS against the real MariaDB. The "replica" is a second database that nothing
 * replicates into, so every read shows where it went: a read that reaches the replica sees what the
 * test put there, not what was written to the primary.
 */
describe('MariaDB read replicas (DATABASE_READ_URLS)', () => {
  let primary: TestEnvironment;
  let replica: TestEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    [primary, replica] = await Promise.all([TestEnvironment.create(), TestEnvironment.create()]);
    dataSource = new DataSource(dataSourceOptions(primary.config({ DATABASE_READ_URLS: replica.databaseUrl })));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await Promise.all([primary?.dispose(), replica?.dispose()]);
  });

  const whichDatabase = (rows: { db: string }[]): string => rows[0].db;

  it('sends every query to the primary unless it asks for a replica', async () => {
    expect(whichDatabase(await dataSource.query('SELECT DATABASE() AS db'))).toBe(primary.id);
    // TypeORM's own default would send a query builder's SELECT to a replica; this app's stays on the primary.
    expect(await dataSource.createQueryBuilder().select('DATABASE()', 'db').from('migrations', 'm').limit(1).getRawOne()).toEqual({ db: primary.id });
    expect(whichDatabase(await queryReplica(dataSource, 'SELECT DATABASE() AS db', []))).toBe(replica.id);
  });

  it('runs knowledge searches on the replica, and writes and index state on the primary', async () => {
    const owner = randomUUID();
    for (const env of [primary, replica]) {
      await env.query("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, 'Owner', 'unused')", [owner, `${owner}@example.test`]);
    }
    const store = new MariaDbVectorStore(dataSource);
    const chunk: VectorChunk = { id: 'c1', ownerUserId: owner, model: 'model-r', group: { kind: 'chat', id: 'chat-1' }, sourceId: 'file-1', source: { fileId: 'file-1' }, text: 'the replica passage', vector: [1, 0, 0] };
    const query: VectorQuery = { ownerUserId: owner, groups: [chunk.group], model: 'model-r', vector: [1, 0, 0], limit: 5, text: 'replica' };

    await store.upsert([chunk]);
    expect(await primary.query('SELECT id FROM vector_chunks WHERE owner_user_id = ?', [owner])).toEqual([{ id: 'c1' }]);
    expect(await replica.query('SELECT id FROM vector_chunks WHERE owner_user_id = ?', [owner])).toEqual([]);
    // Not replicated yet: the search reads the replica and finds nothing.
    expect(await store.search(query)).toEqual([]);

    // Replication catches up (done by hand here).
    await replica.query(`INSERT INTO vector_chunks SELECT * FROM \`${primary.id}\`.vector_chunks WHERE owner_user_id = ?`, [owner]);
    expect((await store.search(query)).map((hit) => hit.id)).toEqual(['c1']);
  });

  it('reads from the primary when no replica can be reached', async () => {
    const unreachable = new DataSource(dataSourceOptions(primary.config({ DATABASE_READ_URLS: 'mariadb://root@127.0.0.1:1/none' })));
    await unreachable.initialize();
    try {
      expect(whichDatabase(await queryReplica(unreachable, 'SELECT DATABASE() AS db', []))).toBe(primary.id);
    } finally {
      await unreachable.destroy();
    }
  });

  it('without DATABASE_READ_URLS, replica reads are primary reads', async () => {
    const single = new DataSource(dataSourceOptions(primary.config()));
    await single.initialize();
    try {
      expect(whichDatabase(await queryReplica(single, 'SELECT DATABASE() AS db', []))).toBe(primary.id);
    } finally {
      await single.destroy();
    }
  });
});
