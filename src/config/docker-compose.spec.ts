import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { haproxyConfig } from '../../scripts/cluster/haproxy-config';
import { ConfigError, loadConfig } from './app-config';

const ROOT = resolve(__dirname, '../..');
const SECRETS = ['JWT_SECRET', 'REALTIME_TOKEN_SECRET', 'REALTIME_API_KEY', 'DB_PASSWORD', 'DB_ROOT_PASSWORD', 'SEARXNG_SECRET'];

interface ComposeService {
  environment?: Record<string, string | null>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  command?: string[];
  deploy?: { replicas?: string };
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  'x-app-env': Record<string, string | null>;
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as ComposeFile;
/** With YAML merge keys (`<<: *app`) applied, as compose reads it. */
const merged = parse(composeText, { merge: true }) as ComposeFile;

/** Compose's own interpolation, for the forms the file uses: `${V}`, `${V:-default}`, `${V:?error}`. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const set = shell[name];
    if (set) return set;
    if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

/** The variables compose sets (those listed without a value pass through only when set: left out here). */
function interpolateEnvironment(environment: Record<string, string | null>, shell: Record<string, string>): Record<string, string> {
  const entries = Object.entries(environment).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries.map(([name, value]) => [name, interpolate(value, shell)]));
}

const appEnvironment = (shell: Record<string, string>): Record<string, string> => interpolateEnvironment(compose['x-app-env'], shell);

function service(name: string): ComposeService {
  const found = merged.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
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

  describe('profile cluster', () => {
    const CLUSTER = ['lb', 'web-cluster', 'worker-cluster'];
    const haproxyText = readFileSync(join(ROOT, 'docker/haproxy.cfg'), 'utf8');
    /** The configuration's directives, trimmed, without comments, blank lines and the DNS resolvers' section. */
    const directives = (config: string): string[] => {
      let section = '';
      return config
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter((line) => {
          if (/^(global|defaults|frontend|backend|listen|resolvers)\b/.test(line)) section = line.split(' ')[0] ?? '';
          return line !== '' && section !== 'resolvers';
        });
    };
    const haproxy = directives(haproxyText);
    /** An HAProxy time (`500ms`, `120s`; milliseconds without a unit) in seconds. */
    const durationS = (value: string): number => {
      const [, amount = 'NaN', unit = 'ms'] = /^(\d+)(ms|s|m)?$/.exec(value) ?? [];
      return Number(amount) * { ms: 0.001, s: 1, m: 60 }[unit as 'ms' | 's' | 'm'];
    };
    const timeoutS = (name: string): number => durationS(haproxy.find((line) => line.startsWith(`timeout ${name} `))?.split(/\s+/).pop() ?? '');

    it('leaves the default profile as it was: the cluster services start only with --profile cluster', () => {
      const unprofiled = Object.entries(merged.services).filter(([, definition]) => !definition.profiles).map(([name]) => name);
      expect(unprofiled.sort()).toEqual(['db', 'mailhog', 'migrate', 'ollama', 'qdrant', 'redis', 'searxng', 'tika', 'web', 'worker']);
      for (const name of CLUSTER) expect(service(name).profiles).toEqual(['cluster']);
    });

    it('runs 3 web and 2 worker replicas by default, sharing storage, and only the load balancer is published', () => {
      expect(interpolate(service('web-cluster').deploy?.replicas ?? '', {})).toBe('3');
      expect(interpolate(service('worker-cluster').deploy?.replicas ?? '', {})).toBe('2');
      expect(interpolate(service('web-cluster').deploy?.replicas ?? '', { CLUSTER_WEB_REPLICAS: '5' })).toBe('5');
      expect(service('web-cluster').ports).toBeUndefined();
      expect(service('worker-cluster').ports).toBeUndefined();
      expect(service('lb').ports?.map((port) => interpolate(port, {}))).toEqual(['8080:8080']);
      expect(haproxy).toContain('bind :8080');
      for (const name of ['web-cluster', 'worker-cluster']) {
        expect(service(name).volumes).toEqual(service('web').volumes);
        expect(service(name).depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
      }
      // `up -d lb` brings the whole cluster.
      expect(Object.keys(service('lb').depends_on ?? {}).sort()).toEqual(['web-cluster', 'worker-cluster']);
    });

    it('starts every replica in production with the same secrets, the web ones addressed through the load balancer', () => {
      const web = loadConfig(interpolateEnvironment(service('web-cluster').environment ?? {}, secrets));
      const worker = loadConfig(interpolateEnvironment(service('worker-cluster').environment ?? {}, secrets));
      expect(web).toMatchObject({ role: 'web', isProduction: true, http: { port: 3000, appUrl: 'http://localhost:8080', trustProxy: true } });
      expect(web.realtime.publicWsUrl).toBe('ws://localhost:8080/connection/websocket');
      expect(worker).toMatchObject({ role: 'worker', isProduction: true });
      expect(worker.auth.jwtSecret).toBe(web.auth.jwtSecret);
      expect(worker.realtime.tokenSecret).toBe(web.realtime.tokenSecret);
      // The load balancer sends to the replicas' PORT, found by the service's name in Docker's DNS.
      expect(haproxy).toContain(`server-template web 10 web-cluster:${web.http.port} check`);
      // A draining replica answers 503 long enough for the checks to take it out first.
      const checks = haproxy.find((line) => line.startsWith('default-server '))?.split(/\s+/) ?? [];
      const intervalS = durationS(checks[checks.indexOf('inter') + 1] ?? '');
      const fall = Number(checks[checks.indexOf('fall') + 1]);
      expect(web.shutdownDrainDelayMs / 1000).toBeGreaterThan(intervalS * fall);
    });

    it('balances round robin without stickiness, checks /api/health and keeps WebSockets and SSE open past 60 s', () => {
      expect(haproxy).toContain('balance roundrobin');
      expect(haproxy.filter((line) => /^(cookie|stick|stick-table|balance source|hash-type)\b/.test(line))).toEqual([]);
      expect(haproxy).toEqual(expect.arrayContaining(['option httpchk GET /api/health', 'http-check expect status 200', 'option forwardfor']));
      for (const timeout of ['client', 'server', 'tunnel']) expect(timeoutS(timeout)).toBeGreaterThan(60);
      // HAProxy buffers no response, so SSE events pass as they come; nothing here must turn that on.
      expect(haproxy.filter((line) => /^(compression|filter compression|option http-buffer-request)\b/.test(line))).toEqual([]);
    });

    it('balances, checks and times out exactly like the cluster harness (scripts/cluster/haproxy-config.ts)', () => {
      const harness = directives(haproxyConfig({ port: 1, statsPort: 2, servers: [{ name: 'web0', port: 3 }] }));
      const behaviour = (lines: string[]): string[] =>
        lines
          .filter((line) => /^(timeout |retries |option (redispatch|forwardfor|httpchk)|http-check |balance |mode |http-response )/.test(line))
          .sort();
      expect(behaviour(haproxy)).toEqual(behaviour(harness));
      const checkTiming = (lines: string[]): string => /inter \S+ fall \d+ rise \d+/.exec(lines.find((line) => line.startsWith('default-server ')) ?? '')?.[0] ?? '';
      expect(checkTiming(haproxy)).toBe(checkTiming(harness));
      expect(checkTiming(haproxy)).not.toBe('');
    });

    it("is a configuration Debian's HAProxy accepts (haproxy -c)", () => {
      expect(execFileSync('/usr/sbin/haproxy', ['-c', '-f', join(ROOT, 'docker/haproxy.cfg')], { encoding: 'utf8' })).toContain('Configuration file is valid');
    });

    it('mounts that configuration into the load balancer', () => {
      expect(service('lb').volumes).toContain('./docker/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    });
  });
});
