import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from './app-config';

const ROOT = resolve(__dirname, '../..');
const SECRETS = ['JWT_SECRET', 'REALTIME_TOKEN_SECRET', 'REALTIME_API_KEY', 'DB_PASSWORD', 'DB_ROOT_PASSWORD', 'SEARXNG_SECRET'];

interface ComposeFile {
  'x-app-env': Record<string, string | null>;
  services: Record<string, { environment?: Record<string, string | null>; volumes?: string[] }>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as ComposeFile;

/** Compose's own interpolation, for the forms the file uses: `${V}`, `${V:-default}`, `${V:?error}`. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const set = shell[name];
    if (set) return set;
    if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

function appEnvironment(shell: Record<string, string>): Record<string, string> {
  const entries = Object.entries(compose['x-app-env']).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries.map(([name, value]) => [name, interpolate(value, shell)]));
}

function generatedSecrets(): Record<string, string> {
  const envFile = join(mkdtempSync(join(tmpdir(), 'sb-secrets-')), '.env');
  execFileSync('bash', [join(ROOT, 'scripts/generate-secrets.sh'), envFile]);
  return Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
}

describe('docker-compose.yml', () => {
  const secrets = generatedSecrets();

  it('runs production by default', () => {
    expect(compose['x-app-env'].APP_ENV).toBe('${APP_ENV:-production}');
  });

  it.each(SECRETS)('has no default for %s: compose refuses to start without it', (name) => {
    const uses = [...composeText.matchAll(new RegExp(`\\$\\{${name}(:[-?]|\\})`, 'g'))].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.every((use) => use === ':?')).toBe(true);
    expect(() => interpolate(composeText, { ...secrets, [name]: '' })).toThrow(`generate-secrets.sh (${name})`);
  });

  it('starts the app in production with the secrets scripts/generate-secrets.sh writes', () => {
    expect(Object.keys(secrets).sort()).toEqual([...SECRETS].sort());
    for (const value of Object.values(secrets)) expect(value).toMatch(/^[0-9a-f]{64}$/);
    const config = loadConfig(appEnvironment(secrets));
    expect(config.isProduction).toBe(true);
    expect(config.auth.jwtSecret).toBe(secrets.JWT_SECRET);
  });

  it('points web_search at its SearXNG, which serves the JSON format the app calls', () => {
    expect(loadConfig(appEnvironment(secrets)).search).toMatchObject({ provider: 'searxng', searxngUrl: 'http://searxng:8080' });
    expect(compose.services.searxng?.volumes).toContain('./docker/searxng/settings.yml:/etc/searxng/settings.yml:ro');
    const settings = parse(readFileSync(join(ROOT, 'docker/searxng/settings.yml'), 'utf8')) as { use_default_settings: boolean; search: { formats: string[] } };
    expect(settings.use_default_settings).toBe(true);
    expect(settings.search.formats).toContain('json');
  });

  it('would not start the app with changeme secrets even if someone sets them', () => {
    const secrets = Object.fromEntries(SECRETS.map((name) => [name, `changeme-${name.toLowerCase()}`]));
    expect(() => loadConfig(appEnvironment(secrets))).toThrow(ConfigError);
  });

  it('keeps secrets a deployment already has when the script runs again', () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'sb-secrets-')), '.env');
    execFileSync('bash', [join(ROOT, 'scripts/generate-secrets.sh'), envFile]);
    const first = readFileSync(envFile, 'utf8');
    execFileSync('bash', [join(ROOT, 'scripts/generate-secrets.sh'), envFile]);
    expect(readFileSync(envFile, 'utf8')).toBe(first);
  });
});
