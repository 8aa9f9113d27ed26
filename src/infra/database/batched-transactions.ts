import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { SESSION_SETTINGS } from './data-source-options';
import type { SqlStatement } from './entity-sql';

/** Connections of the multi-statement pool: one batch each, and batches are short. */
const POOL_SIZE = 2;

/**
 * Runs a few statements as one transaction in one round trip to the primary: START TRANSACTION,
 * the statements and COMMIT go as one multi-statement query, where `manager.transaction` takes a
 * round trip for each (four for a new chat's first turn, on the path to its first answer token).
 *
 * MariaDB runs such a query until a statement fails, leaving the transaction open: it is rolled
 * back on the same connection before that goes back to the pool. Multi-statement queries have a
 * small pool of their own, opened on first use: the main pool never allows them, so no other query
 * can ever carry a second statement.
 */
@Injectable()
export class BatchedTransactions implements OnApplicationShutdown {
  private pool: Promise<DataSource> | undefined;

  constructor(private readonly config: AppConfig) {}

  /** Resolves once `statements` are committed; rejects with the first one's error, with nothing of them written. */
  async run(statements: readonly SqlStatement[]): Promise<void> {
    const runner = (await this.open()).createQueryRunner();
    try {
      const sql = ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT'].join(';\n');
      await runner.query(sql, statements.flatMap((statement) => statement.parameters));
    } catch (error) {
      // A connection that cannot even roll back is dead: mysql2 drops it from the pool on release.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private open(): Promise<DataSource> {
    if (!this.pool) {
      const opening = new DataSource({ ...SESSION_SETTINGS, url: this.config.database.url, multipleStatements: true, extra: { connectionLimit: POOL_SIZE } }).initialize();
      // MariaDB could not be reached: the next batch tries again.
      opening.catch(() => {
        if (this.pool === opening) this.pool = undefined;
      });
      this.pool = opening;
    }
    return this.pool;
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = await this.pool?.catch(() => undefined);
    await pool?.destroy();
  }
}
