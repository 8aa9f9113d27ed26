import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OutputLog, OwnedProcess } from './processes';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** Redis servers this test run started (Debian's redis-server) and alone stops, by pid. */
export interface OwnedRedis {
  /** The REDIS_URL that names them. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * A 3-master Redis Cluster on loopback, no replicas, no persistence: three `redis-server
 * --cluster-enabled yes` children joined by `redis-cli --cluster create`, ready once every node
 * reports `cluster_state:ok`. A node's cluster bus listens on its port + 10000, so both must be free.
 */
export async function startRedisCluster(): Promise<OwnedRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-redis-cluster-'));
  const ports = await portsWithFreeBus(3);
  const output = new OutputLog();
  const servers = ports.map(
    (port) =>
      new OwnedProcess(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
        {},
        output,
      ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop(5_000)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await Promise.all(ports.map((port) => ping(port)))).every(Boolean), { timeoutMs: 15_000, what: 'the Redis Cluster nodes to answer PING' });
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(async () => (await Promise.all(ports.map((port) => clusterStateOk(port)))).every(Boolean), { timeoutMs: 30_000, what: 'cluster_state:ok on every node' });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.text()}`, { cause: error });
  }
  return { url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, ports, stop };
}

/**
 * One Redis master and one Sentinel watching it (as `mymaster`), on loopback: the smallest
 * Sentinel set ioredis can resolve a master through. Sentinel rewrites its config file, so it
 * gets one of its own in a temporary directory.
 */
export async function startRedisSentinel(): Promise<OwnedRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-redis-sentinel-'));
  const [masterPort, sentinelPort] = await portsWithFreeBus(2);
  const output = new OutputLog();
  const sentinelConfig = join(dir, 'sentinel.conf');
  await writeFile(sentinelConfig, `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\n`);
  const master = new OwnedProcess('redis-server', ['--port', String(masterPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {}, output);
  const sentinel = new OwnedProcess('redis-server', [sentinelConfig, '--sentinel'], {}, output);
  const stop = async (): Promise<void> => {
    await Promise.all([sentinel.stop(5_000), master.stop(5_000)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await ping(masterPort)) && (await sentinelKnowsMaster(sentinelPort)), { timeoutMs: 15_000, what: 'the Sentinel to know its master' });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.text()}`, { cause: error });
  }
  return { url: `redis+sentinel://127.0.0.1:${sentinelPort}/mymaster/0`, ports: [masterPort, sentinelPort], stop };
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5_000 });
    return stdout;
  } catch {
    return '';
  }
}

async function ping(port: number): Promise<boolean> {
  return (await redisCli(port, 'ping')).trim() === 'PONG';
}

async function clusterStateOk(port: number): Promise<boolean> {
  return (await redisCli(port, 'cluster', 'info')).includes('cluster_state:ok');
}

async function sentinelKnowsMaster(port: number): Promise<boolean> {
  return (await redisCli(port, 'sentinel', 'get-master-addr-by-name', 'mymaster')).trim() !== '';
}

/** `count` distinct ports in 20000-29999 free on 127.0.0.1 together with port + 10000 (a cluster node's bus). */
async function portsWithFreeBus(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (!ports.includes(port) && (await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}
