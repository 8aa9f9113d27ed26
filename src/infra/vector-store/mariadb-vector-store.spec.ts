import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { MariaDbVectorStore } from './mariadb-vector-store';

/** The statements a store sends, answered as for a model nobody has indexed anything with yet. */
function emptyDatabase(): { dataSource: DataSource; statements: string[] } {
  const statements: string[] = [];
  const dataSource = {
    query: (sql: string) => {
      statements.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  return { dataSource, statements };
}

const query = (ownerUserId: string) => ({ ownerUserId, groups: [{ kind: 'chat' as const, id: 'c1' }], model: 'offline:embed', vector: [1, 0, 0], limit: 6 });

describe('MariaDbVectorStore index state', () => {
  it('is read once for searches made at the same moment (a turn searches documents, memories and feedback at once)', async () => {
    const { dataSource, statements } = emptyDatabase();
    const store = new MariaDbVectorStore(dataSource);

    const found = await Promise.all([store.search(query('u1')), store.search(query('u1')), store.search(query('u2'))]);

    expect(found).toEqual([[], [], []]);
    expect(statements.filter((sql) => sql.includes('FROM vector_indexes'))).toHaveLength(1);
  });

  it('is read again by a later search: nothing is kept once the read is answered', async () => {
    const { dataSource, statements } = emptyDatabase();
    const store = new MariaDbVectorStore(dataSource);

    await store.search(query('u1'));
    await store.search(query('u1'));

    expect(statements.filter((sql) => sql.includes('FROM vector_indexes'))).toHaveLength(2);
  });
});
