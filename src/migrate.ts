import 'reflect-metadata';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig, readProcessEnvironment } from './config/app-config';
import { dataSourceOptions } from './infra/database/data-source-options';

/**
 * `npm run migration:run`: creates the database named in DATABASE_URL when it does not exist yet
 * (so a fresh machine can go straight here; needs a user allowed to create databases, root
 * locally), then applies the pending migrations, each in its own transaction. It prints one line
 * per migration rather than every SQL statement, which the TypeORM CLI forces on.
 */
async function main(): Promise<void> {
  const config = loadConfig(readProcessEnvironment());
  await createDatabaseIfMissing(config.database.url);
  const dataSource = new DataSource({ ...dataSourceOptions(config), logging: ['error', 'warn'] });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) console.log(`applied ${migration.name}`);
    console.log(applied.length > 0 ? `${applied.length} migration(s) applied` : 'database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) throw new Error(`DATABASE_URL names no usable database: "${database}"`);
  url.pathname = '/';
  url.protocol = 'mysql:';
  const connection = await createConnection({ uri: url.toString() });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
