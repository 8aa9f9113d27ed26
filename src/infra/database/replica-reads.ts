import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const logger = new Logger('ReplicaReads');

/**
 * Runs one read on a read replica (DATABASE_READ_URLS), for reads that tolerate replication lag:
 * what the primary committed a moment ago may not be there yet. On the primary when no replica is
 * configured, and when none can be reached right now (the read is not lost to a replica outage).
 * Every other query stays on the primary (data-source-options.ts).
 */
export async function queryReplica<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    try {
      await runner.connect();
    } catch (error) {
      logger.warn(`no read replica reachable (${error instanceof Error ? error.message : String(error)}); reading from the primary`);
      return await dataSource.query<T>(sql, params);
    }
    return (await runner.query(sql, params)) as T;
  } finally {
    await runner.release();
  }
}
