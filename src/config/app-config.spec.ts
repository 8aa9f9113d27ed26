import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readProcessEnvironment } from './app-config';

type Env = Record<string, string | undefined>;

/** The problems loadConfig reports for `env`; fails the test when it does not throw ConfigError. */
function problemsOf(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw ConfigError');
}

const PRODUCTION: Env = {
  APP_ENV: 'production',
  APP_URL: 'https://chat.example.com',
  DATABASE_URL: 'mariadb://switchboard:s3cr3t-db-password@db.internal:3306/switchboard',
  REDIS_URL: 'redis://redis.internal:6379/0',
  JWT_SECRET: 'a-real-jwt-secret-0123456789abcdef',
  REALTIME_TOKEN_SECRET: 'a-real-realtime-secret-0123456789',
  REALTIME_API_KEY: 'a-real-realtime-api-key',
  REALTIME_ALLOWED_ORIGINS: 'https://chat.example.com',
};

describe('loadConfig', () => {
  it('builds a working development config from an empty environment', () => {
    const config = loadConfig({});

    expect(config.env).toBe('development');
    expect(config.isProduction).toBe(false);
    expect(config.role).toBe('all');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toMatch(/^mariadb:\/\//);
    expect(config.redis.url).toMatch(/^redis:\/\//);
    expect(config.redis.keyPrefix).toBe('sb:');
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(16);
    expect(config.realtime.enabled).toBe(true);
    expect(config.realtime.allowedOrigins).toEqual(['http://localhost:3000']);
    expect(config.rateLimit.concurrentGenerationsPerUser).toBe(4);
  });

  it('coerces numbers and booleans from their string form', () => {
    const config = loadConfig({ PORT: '8080', REALTIME_ENABLED: 'false', TRUST_PROXY: 'yes', RATE_LIMIT_USER_PER_MIN: '42', MAX_CONCURRENT_GENERATIONS_PER_USER: '2' });

    expect(config.http.port).toBe(8080);
    expect(config.realtime.enabled).toBe(false);
    expect(config.http.trustProxy).toBe(true);
    expect(config.rateLimit.userPerMin).toBe(42);
    expect(config.rateLimit.concurrentGenerationsPerUser).toBe(2);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['APP_ROLE', 'nope'],
    ['DATABASE_URL', 'postgres://user:pass@localhost:5432/switchboard'],
    ['REDIS_URL', 'http://x'],
    ['JWT_SECRET', 'too-short'],
    ['REALTIME_ENABLED', 'maybe'],
    ['MAX_CONCURRENT_GENERATIONS_PER_USER', '0'],
  ])('rejects %s=%s with a ConfigError naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    const problems = problemsOf({ [name]: value });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toContain(name);
  });

  it('lists every bad variable, not just the first', () => {
    const problems = problemsOf({ PORT: 'abc', APP_ROLE: 'nope', REDIS_URL: 'http://x', JWT_SECRET: 'short' });
    const text = problems.join('\n');

    for (const name of ['PORT', 'APP_ROLE', 'REDIS_URL', 'JWT_SECRET']) expect(text).toContain(name);
  });

  it('accepts a fully set production environment', () => {
    const config = loadConfig(PRODUCTION);

    expect(config.isProduction).toBe(true);
    expect(config.realtime.allowedOrigins).toEqual(['https://chat.example.com']);
  });

  it.each([
    ['JWT_SECRET', { JWT_SECRET: 'changeme-but-long-enough-secret' }],
    ['REALTIME_TOKEN_SECRET', { REALTIME_TOKEN_SECRET: 'changeme-realtime-token-secret' }],
    ['REALTIME_API_KEY', { REALTIME_API_KEY: 'ChangeMe-api-key' }],
    ['DATABASE_URL', { DATABASE_URL: 'mariadb://switchboard:changeme@db.internal:3306/switchboard' }],
  ])('refuses a changeme* %s in production', (name, override) => {
    const problems = problemsOf({ ...PRODUCTION, ...override });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    // The same value is fine outside production.
    expect(() => loadConfig({ ...PRODUCTION, ...override, APP_ENV: 'development' })).not.toThrow();
  });

  it('refuses the changeme defaults when production sets nothing else', () => {
    const text = problemsOf({ APP_ENV: 'production' }).join('\n');

    expect(text).toContain('JWT_SECRET');
    expect(text).toContain('REALTIME_TOKEN_SECRET');
    expect(text).toContain('REALTIME_API_KEY');
  });

  it('refuses REALTIME_ALLOWED_ORIGINS=* in production', () => {
    const problems = problemsOf({ ...PRODUCTION, REALTIME_ALLOWED_ORIGINS: 'https://chat.example.com, *' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('REALTIME_ALLOWED_ORIGINS');
  });

  it('refuses an account-wide login limit that one address could reach alone', () => {
    const problems = problemsOf({ LOGIN_FAILURES_PER_ACCOUNT_AND_IP: '10', LOGIN_FAILURES_PER_ACCOUNT: '10' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('LOGIN_FAILURES_PER_ACCOUNT');
    expect(loadConfig({ LOGIN_FAILURES_PER_ACCOUNT_AND_IP: '3', LOGIN_FAILURES_PER_ACCOUNT: '4', LOGIN_KNOWN_IP_DAYS: '2' }).loginThrottle).toEqual({
      failuresPerAccountAndIp: 3,
      failuresPerAccount: 4,
      maxBackoffS: 900,
      knownIpTtlS: 2 * 24 * 3600,
    });
  });

  it('refuses a search provider without its address or key, and has none by default', () => {
    expect(problemsOf({ SEARCH_PROVIDER: 'searxng' })).toEqual(['SEARCH_PROVIDER=searxng needs SEARXNG_URL']);
    expect(problemsOf({ SEARCH_PROVIDER: 'brave' })).toEqual(['SEARCH_PROVIDER=brave needs BRAVE_SEARCH_API_KEY']);
    expect(loadConfig({}).search).toEqual({ provider: 'none', searxngUrl: undefined, braveApiKey: undefined, braveUrl: 'https://api.search.brave.com/res/v1/web/search' });
    expect(loadConfig({ SEARCH_PROVIDER: 'brave', BRAVE_SEARCH_API_KEY: 'k' }).search.provider).toBe('brave');
  });

  it('reads the OCR languages as tesseract names joined by +, and Tika only when TIKA_URL is set', () => {
    expect(loadConfig({}).files.ocr).toEqual({ languages: ['eng', 'deu', 'fra', 'spa'], maxPages: 50, timeoutMs: 300_000 });
    expect(loadConfig({ OCR_LANGUAGES: 'chi_sim+eng' }).files.ocr.languages).toEqual(['chi_sim', 'eng']);
    expect(problemsOf({ OCR_LANGUAGES: 'eng; rm -rf /' })).toHaveLength(1);
    expect(problemsOf({ OCR_LANGUAGES: 'eng,deu' })).toHaveLength(1);
    expect(loadConfig({}).files.tikaUrl).toBeUndefined();
    expect(loadConfig({ TIKA_URL: '' }).files.tikaUrl).toBeUndefined();
    expect(loadConfig({ TIKA_URL: 'http://tika:9998' }).files.tikaUrl).toBe('http://tika:9998');
  });

  it('splits REALTIME_ALLOWED_ORIGINS on commas, trimming blanks', () => {
    const config = loadConfig({ REALTIME_ALLOWED_ORIGINS: 'https://a.example.com, https://b.example.com ,,' });

    expect(config.realtime.allowedOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
  });

  it('turns empty optional strings into undefined and keeps set ones', () => {
    const config = loadConfig({ QDRANT_URL: '', OPENAI_API_KEY: '   ', SMTP_HOST: '', TIKA_URL: 'http://tika:9998' });

    expect(config.vectorStore.qdrantUrl).toBeUndefined();
    expect(config.providers.openaiApiKey).toBeUndefined();
    expect(config.smtp.host).toBeUndefined();
    expect(config.documents.tikaUrl).toBe('http://tika:9998');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.realtime.allowedOrigins)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('readProcessEnvironment', () => {
  const NAMES = ['SB_SPEC_FROM_FILE', 'SB_SPEC_IN_BOTH'];
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-env-'));
  });

  afterEach(() => {
    for (const name of NAMES) delete process.env[name];
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills in values from the .env file while the real environment wins', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'SB_SPEC_FROM_FILE=from-file\nSB_SPEC_IN_BOTH=from-file\n');
    process.env.SB_SPEC_IN_BOTH = 'from-env';

    const env = readProcessEnvironment(file);

    expect(env.SB_SPEC_FROM_FILE).toBe('from-file');
    expect(env.SB_SPEC_IN_BOTH).toBe('from-env');
  });

  it('works without a .env file', () => {
    process.env.SB_SPEC_IN_BOTH = 'from-env';

    const env = readProcessEnvironment(join(dir, 'missing.env'));

    expect(env.SB_SPEC_IN_BOTH).toBe('from-env');
    expect(env.SB_SPEC_FROM_FILE).toBeUndefined();
  });
});
