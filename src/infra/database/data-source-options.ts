import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { MIGRATIONS } from './migrations';

/**
 * Connection options shared by the application (TypeOrmModule) and the TypeORM CLI (ormconfig.ts).
 * Schema changes only ever happen through migrations: `synchronize` stays off everywhere.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'mariadb',
    url: config.database.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    extra: { connectionLimit: 10 },
  };
}
