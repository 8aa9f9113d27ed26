import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { MIGRATIONS } from './migrations';

/**
 * Connection options shared by the application (TypeOrmModule) and the migration runner
 * (src/migrate.ts, ormconfig.ts). Schema changes only ever happen through migrations:
 * `synchronize` stays off everywhere.
 *
 * With read replicas (DATABASE_READ_URLS) the pool becomes a primary plus replicas, and every query
 * still goes to the primary unless it asks for a replica (`createQueryRunner('slave')`): TypeORM's
 * own default would send every SELECT outside a transaction to a replica, and this app reads its own
 * writes nearly everywhere (docs/production.md, "MariaDB").
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const { url, readUrls } = config.database;
  return {
    ...SESSION_SETTINGS,
    ...(readUrls.length === 0 ? { url } : { replication: replication(url, readUrls) }),
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Per pool: the primary's, and each replica's.
    extra: { connectionLimit: 10 },
  };
}

/** How every connection to MariaDB talks, whichever pool it is in (see also BatchedTransactions). */
export const SESSION_SETTINGS = {
  type: 'mariadb',
  charset: 'utf8mb4_unicode_ci',
  timezone: 'Z',
  // mysql2 otherwise captures a stack trace on every query, to show its caller should it fail:
  // a cost on each of the several queries a message makes, for a call site the error's own
  // stack already shows (TypeORM awaits the query, and Node keeps async stack traces).
  trace: false,
} as const;

function replication(primaryUrl: string, readUrls: readonly string[]) {
  return {
    master: { url: primaryUrl },
    slaves: readUrls.map((url) => ({ url })),
    defaultMode: 'master' as const,
    // A replica that failed (5 errors in a row) is tried again after 10 s; mysql2's default (0)
    // would drop it until the process restarts.
    restoreNodeTimeout: 10_000,
  };
}
