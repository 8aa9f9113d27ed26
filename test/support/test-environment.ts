import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/infra/database/data-source-options';

const MARIADB_ADMIN_URL = 'mariadb://root@127.0.0.1:3306';
const REDIS_SERVER = 'redis://127.0.0.1:6379';
const REDIS_URL = `${REDIS_SERVER}/0`;

/**
 * An isolated slice of the machine's real MariaDB and Redis for one suite: a fresh database
 * (`sb_test_<random>`) with every migration applied, and a Redis key prefix of its own.
 * `dispose()` drops the database and deletes the suite's keys.
 */
export class TestEnvironment {
  private constructor(
    readonly id: string,
    readonly databaseUrl: string,
    readonly redisKeyPrefix: string,
  ) {}

  /**
   * `migrate: false` leaves the database empty, for suites that migrate the way the README does
   * (`npm run migration:run`); `name` tells suites' databases apart (`sb_e2e_…`).
   */
  static async create({ migrate = true, name = 'sb_test' } = {}): Promise<TestEnvironment> {
    const id = `${name}_${randomBytes(6).toString('hex')}`;
    const admin = await createConnection({ uri: MARIADB_ADMIN_URL.replace('mariadb:', 'mysql:') });
    await admin.query(`CREATE DATABASE \`${id}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const env = new TestEnvironment(id, `${MARIADB_ADMIN_URL}/${id}`, `${id}:`);
    if (migrate) {
      const dataSource = new DataSource(dataSourceOptions(env.config()));
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
    }
    return env;
  }

  /** The validated configuration an app of this suite runs with. */
  config(overrides: Record<string, string> = {}): AppConfig {
    return loadConfig({
      APP_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: this.redisKeyPrefix,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      ...overrides,
    });
  }

  /** Runs SQL against the suite's database (for assertions on what was, or was not, written). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const connection = await createConnection({ uri: this.databaseUrl.replace('mariadb:', 'mysql:') });
    try {
      const [rows] = await connection.query(sql, params);
      return rows as T[];
    } finally {
      await connection.end();
    }
  }

  async dispose(): Promise<void> {
    const admin = await createConnection({ uri: MARIADB_ADMIN_URL.replace('mariadb:', 'mysql:') });
    await admin.query(`DROP DATABASE IF EXISTS \`${this.id}\``);
    await admin.end();
    // The suite's keys live in the app database and in the realtime one (REDIS_REALTIME_DB).
    const { realtimeDb } = this.config().redis;
    await Promise.all([0, realtimeDb].map((db) => deleteKeys(db, this.redisKeyPrefix)));
  }
}

async function deleteKeys(db: number, prefix: string): Promise<void> {
  const redis = new Redis(`${REDIS_SERVER}/${db}`);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
