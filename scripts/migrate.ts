import { createConnection } from 'mysql2/promise';
import { loadConfig, readProcessEnvironment } from '../src/config/app-config';

/**
 * Creates the database named in DATABASE_URL when it does not exist yet, so a fresh machine can
 * go straight to `migration:run`. Needs a user allowed to create databases (root locally).
 */
async function main(): Promise<void> {
  const url = new URL(loadConfig(readProcessEnvironment()).database.url);
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
