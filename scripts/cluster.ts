import { createServer } from 'node:net';
import { ClusterHarness } from './cluster/harness';

/**
 * `npm run cluster` (after `npm run build`): the built app as 3 web processes and 2 workers on this
 * machine's MariaDB and Redis, behind HAProxy on http://127.0.0.1:3000 (CLUSTER_PORT to change;
 * a free port when 3000 is taken). Its database is `switchboard_cluster` (created and migrated)
 * unless DATABASE_URL names another; its Redis keys start with `sbcluster:`, its files are kept in
 * storage/cluster. Runs until Ctrl-C or
 * SIGTERM, then stops every process it started, by pid. Other settings (a provider's key …) are
 * taken from the environment, as `npm start` takes them.
 */
const DEFAULT_PORT = 3000;
const DEFAULT_DATABASE_URL = 'mariadb://root@127.0.0.1:3306/switchboard_cluster';
/** Secrets kept from the environment when set there (sessions then survive a restart of the cluster); generated otherwise. */
const KEPT_SECRETS = ['JWT_SECRET', 'REALTIME_TOKEN_SECRET', 'REALTIME_API_KEY'] as const;

async function main(): Promise<void> {
  const cluster = await ClusterHarness.start({
    webs: countFrom('CLUSTER_WEBS', 3),
    workers: countFrom('CLUSTER_WORKERS', 2),
    port: await loadBalancerPort(),
    databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? 'sbcluster:',
    // Kept across runs, like the database: files uploaded in one run are there in the next.
    env: { STORAGE_DIR: 'storage/cluster', ...keptSecrets() },
    echo: linesPrefixedWithSource(),
  });
  console.log(`\nswitchboard cluster up: ${cluster.baseUrl} (HAProxy, round robin)`);
  for (const node of cluster.nodes) console.log(`  ${node.name.padEnd(8)} pid ${node.pid}  ${node.role === 'web' ? 'http' : 'liveness'} ${node.baseUrl}`);
  console.log('Ctrl-C stops it.');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the cluster`);
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Writes each process's output to stdout line by line, each line after `[web0] ` or the like (chunks may end mid-line). */
function linesPrefixedWithSource(): (source: string, chunk: string) => void {
  const unfinished = new Map<string, string>();
  return (source, chunk) => {
    const text = (unfinished.get(source) ?? '') + chunk;
    const end = text.lastIndexOf('\n') + 1;
    unfinished.set(source, text.slice(end));
    if (end > 0) process.stdout.write(text.slice(0, end).replace(/^(?=.)/gm, `[${source}] `));
  };
}

/** CLUSTER_PORT, else 3000 when it is free, else any free port. */
async function loadBalancerPort(): Promise<number | undefined> {
  if (process.env.CLUSTER_PORT) return countFrom('CLUSTER_PORT', DEFAULT_PORT);
  return (await isFree(DEFAULT_PORT)) ? DEFAULT_PORT : undefined;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function countFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return value;
}

function keptSecrets(): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_SECRETS) {
    const value = process.env[name];
    if (value && !value.toLowerCase().startsWith('changeme')) kept[name] = value;
  }
  return kept;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
