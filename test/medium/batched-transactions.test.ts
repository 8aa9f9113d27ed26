import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError, isDuplicateKeyError } from '../../src/common/database-errors';
import { BatchedTransactions } from '../../src/infra/database/batched-transactions';
import type { SqlStatement } from '../../src/infra/database/entity-sql';
import { TestEnvironment } from '../support/test-environment';

/** Several statements as one transaction in one query, against the real MariaDB. */
describe('BatchedTransactions', () => {
  let env: TestEnvironment;
  let batches: BatchedTransactions;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    batches = new BatchedTransactions(env.config());
  });
  afterAll(async () => {
    await batches?.onApplicationShutdown();
    await env?.dispose();
  });

  /** What `run` rejects with: a driver's error, not an AppException (the callers' filters map it). */
  const failureOf = (run: Promise<void>): Promise<unknown> =>
    run.then(
      () => expect.unreachable('the batch should fail'),
      (error: unknown) => error,
    );
  const addUser = (id: string): SqlStatement => ({ sql: "INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, 'Batch', 'unused')", parameters: [id, `${id}@example.test`] });
  const usersAmong = async (...ids: string[]): Promise<string[]> =>
    (await env.query<{ id: string }>('SELECT id FROM users WHERE id IN (?) ORDER BY email', [ids])).map(({ id }) => id);

  it('commits every statement, with its own parameters', async () => {
    const [a, b] = [randomUUID(), randomUUID()].sort();

    await batches.run([addUser(a), addUser(b)]);

    expect(await usersAmong(a, b)).toEqual([a, b]);
  });

  it('writes nothing of a batch whose statement fails, and leaves no transaction open for the next batch', async () => {
    const taken = randomUUID();
    await batches.run([addUser(taken)]);
    const before = randomUUID();

    const error = await failureOf(batches.run([addUser(before), addUser(taken)]));

    expect(isDuplicateKeyError(error)).toBe(true);
    // Both connections of the pool take a batch: were the failed one's transaction still open, the
    // next START TRANSACTION on it would commit its first statement.
    const next = [randomUUID(), randomUUID()];
    await Promise.all(next.map((id) => batches.run([addUser(id)])));
    expect(await usersAmong(before, ...next)).toEqual(expect.arrayContaining(next));
    expect(await usersAmong(before)).toEqual([]);
  });

  it('refuses a second statement hidden in a parameter: parameters are values, never SQL', async () => {
    const id = randomUUID();
    const injected = `x'); DELETE FROM users; --`;

    await batches.run([{ sql: "INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, 'unused')", parameters: [id, `${id}@example.test`, injected] }]);

    expect(await env.query('SELECT name FROM users WHERE id = ?', [id])).toEqual([{ name: injected }]);
    expect((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0]?.n).toBeGreaterThan(1);
  });

  it('fails as the database being unavailable when MariaDB cannot be reached', async () => {
    const unreachable = new BatchedTransactions(env.config({ DATABASE_URL: 'mariadb://root@127.0.0.1:1/none' }));
    try {
      expect(isDatabaseUnavailableError(await failureOf(unreachable.run([addUser(randomUUID())])))).toBe(true);
    } finally {
      await unreachable.onApplicationShutdown();
    }
  });
});
