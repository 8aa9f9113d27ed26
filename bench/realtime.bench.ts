/**
 * `npm run bench:realtime` — the realtime gateway against plain socket.io, in one run, on the same
 * two loopback ports:
 *   - product: two web nodes (`APP_ROLE=web node dist/main.js`) sharing Redis and MariaDB, 2,000
 *     widget visitors split across them, each authenticated with a connection token and
 *     subscribed to its own session channel; a worker-like process publishes at a fixed rate
 *     through RealtimePublisher.publish (history append, then the Redis emitter);
 *   - raw: two plain socket.io servers with @socket.io/redis-adapter, the same clients joining
 *     their rooms without auth, and @socket.io/redis-emitter publishing the bare payload at the
 *     same rate;
 *   - memory: the RSS one web node gains per idle, authenticated, subscribed connection, with
 *     5,000 of them (and the same for a raw server), read after V8's last-resort GC.
 * Clients, publisher and raw servers run in processes of their own, compiled like the product's
 * web nodes (compileHelpers); latency is publish-to-receive on the machine's monotonic clock
 * (bench/realtime/common.ts). The machine is small and shared, so raw and product take three
 * turns each (raw, product, product, raw, raw, product), each turn first waits a while for the
 * rest of the machine to be quiet, and a turn during which other processes took more than a
 * little CPU is shown but measured again (a few times at most). Prints the figures, the CPU each
 * process spent per publication, and the ratios against the targets.
 * Needs the built server (`npm run build:server`) and MariaDB + Redis on localhost.
 * BENCH_REALTIME_RATE overrides the publication rate; BENCH_REALTIME_PHASES=throughput or
 * =memory runs one half only.
 */
import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/e2e/support/app-process';
import { TestEnvironment } from '../test/support/test-environment';
import { waitFor } from '../test/support/wait-for';
import type { FleetMethods, FleetReport, Mode } from './realtime/clients';
import { sessionChannel, sessionId } from './realtime/common';
import { percentile } from './stats';
import { childFdLimit, compileHelpers, cpuMs, helperScript, machineBusyMs, Remote, rssBytes, startNode, type NodeProcess } from './realtime/process';
import type { PublisherMethods, PublishOutcome } from './realtime/publisher';

const CLIENTS = 2_000;
/** Client processes sharing the 2,000 clients (each spreads its own over both nodes). */
const FLEETS = 2;
/** One publication a second for every visitor. */
const PUBLICATIONS_PER_S = Number(process.env.BENCH_REALTIME_RATE ?? 2_000);
/**
 * Turns, in this order: the two modes alternate so that noise from the rest of the machine falls on
 * both. A mode's p99 comes from a few stalls per turn (a GC or scheduling pause somewhere releases
 * a burst of late publications), so three turns each, pooled, make it a steadier figure than two.
 */
const TURNS: Mode[] = ['raw', 'product', 'product', 'raw', 'raw', 'product'];
const WARMUP_MS = 2_000;
const MEASURE_MS = 8_000;
/** How long the tail of a turn's publications may take to arrive after the last one was sent. */
const DRAIN_TIMEOUT_MS = 10_000;
const MEMORY_CLIENTS = 5_000;
/** Connections opened and closed before the memory baseline, so that one-off costs (lazy modules, JIT) are not counted per connection. */
const MEMORY_WARMUP_CLIENTS = 50;
const CONNECT_CONCURRENCY = 100;
/** GCs (each followed by a pause and a sample) per memory reading; the reading is the smallest sample. */
const RSS_SAMPLES = 4;
const RSS_SAMPLE_PAUSE_MS = 750;
/** Other processes' CPU above which a turn's figures are flagged as noisy. */
const NOISY_OTHER_CORES = 0.2;
/** Turns measured again, in all, because other processes were busy meanwhile. */
const NOISY_RETRIES = 3;
/** How long a turn waits, connected and idle, for the rest of the machine to quieten down below NOISY_OTHER_CORES before it publishes. */
const QUIET_WAIT_MS = 30_000;

const TARGETS = { throughputRatio: 0.9, p99Ratio: 1.3, kbPerConnection: 25 };

/** Visitors of the memory runs: numbered apart from the throughput turns' (their slots and history are their own). */
const FIRST_MEMORY_VISITOR = 100_000;
const FIRST_WARMUP_VISITOR = 200_000;

interface Setup {
  env: TestEnvironment;
  ports: number[];
  widgetId: string;
  tokenSecret: string;
  /** The web nodes' environment (plus APP_ROLE and PORT). */
  appEnv: Record<string, string>;
  /** The Redis server's pid, for its CPU time. */
  redisPid: number;
  /** Where the raw servers and emitter meet: the realtime Redis DB and a channel prefix of the run's own. */
  raw: { redisUrl: string; key: string };
}

type CpuGroup = 'web nodes' | 'publisher' | 'clients' | 'redis';
const CPU_GROUPS: CpuGroup[] = ['web nodes', 'publisher', 'clients', 'redis'];

/** One turn of one mode: publish at the fixed rate for WARMUP_MS + MEASURE_MS to freshly started nodes. */
interface Turn {
  mode: Mode;
  connectS: number;
  publish: PublishOutcome;
  /** Deliveries that arrived between the first and the last measured publication's send. */
  deliveredInWindow: number;
  /** Publish-to-receive ms of the measured publications, ascending. */
  latencies: Float64Array;
  misrouted: number;
  dropped: number;
  /** CPU ms used during the turn's publishing and tail, by process group. */
  cpu: Record<CpuGroup, number>;
  /** Cores the rest of the machine kept busy meanwhile (other users' builds and tests). */
  otherCores: number;
  /** How long the turn waited for a quiet machine. */
  waitedMs: number;
  /** Measured while other processes were busy, and measured again: left out of the figures. */
  discarded: boolean;
}

interface Figures {
  run: string;
  publishedPerS: number;
  deliveredPerS: number;
  lost: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  maxInFlight: number;
  /** CPU ms per 1,000 publications, by process group. */
  cpuPerThousand: Record<CpuGroup, number>;
  otherCores: number;
  waitedS: number;
}

interface MemoryResult {
  mode: Mode;
  /** RSS, bytes. */
  before: number;
  after: number;
  kbPerConnection: number;
  /** The part of it that is V8 heap in use (JS objects). */
  heapKbPerConnection: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** How gc-on-signal.cjs collects: the young generation only (throughput turns), or all it can (memory readings). */
type Collection = 'young' | 'release';

/**
 * A web node: the product's (`node dist/main.js`, APP_ROLE=web) or the raw baseline's. It also
 * runs gc-on-signal.cjs, which collects its garbage on SIGUSR2 as `collection` says and then
 * writes its memory figures to `memoryFile`.
 */
async function startServer(mode: Mode, port: number, setup: Setup, memoryFile: string, collection: Collection): Promise<NodeProcess> {
  const gc = ['--expose-gc', '--require', './bench/realtime/gc-on-signal.cjs'];
  const gcEnv = { BENCH_REALTIME_MEMORY_FILE: memoryFile, BENCH_REALTIME_GC: collection };
  const server =
    mode === 'product'
      ? startNode([...gc, 'dist/main.js'], { ...setup.appEnv, ...gcEnv, APP_ROLE: 'web', PORT: String(port) }, { quiet: true })
      : startNode([...gc, helperScript('raw-server')], { ...gcEnv, PORT: String(port), REDIS_URL: setup.raw.redisUrl, SOCKET_IO_KEY: setup.raw.key });
  const readyPath = mode === 'product' ? '/api/health' : '/health';
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`http://127.0.0.1:${port}${readyPath}`, { signal: AbortSignal.timeout(2_000) })).ok, {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `the ${mode} node on :${port}`,
      }),
      server.exited.then(() => Promise.reject(new Error(`the ${mode} node on :${port} exited during start-up (code ${server.child.exitCode})`))),
    ]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function startFleet(name: string): Remote<FleetMethods> {
  return new Remote(name, startNode([helperScript('clients')], {}, { ipc: true }));
}

/** The publisher runs with the web nodes' environment as a worker would: its RealtimePublisher reads the same config. */
function startPublisher(setup: Setup): Remote<PublisherMethods> {
  return new Remote('publisher', startNode([helperScript('publisher')], { ...setup.appEnv, APP_ROLE: 'worker' }, { ipc: true }));
}

/** CPU ms used so far by each group's processes. */
function cpuOf(groups: Record<CpuGroup, number[]>): Record<CpuGroup, number> {
  return Object.fromEntries(CPU_GROUPS.map((group) => [group, groups[group].reduce((sum, pid) => sum + cpuMs(pid), 0)])) as Record<CpuGroup, number>;
}

/** CPU ms the machine spent busy so far, without this process. */
function othersBusyMs(): number {
  const own = process.cpuUsage();
  return machineBusyMs() - (own.user + own.system) / 1000;
}

/**
 * Waits until the rest of the machine has used less than NOISY_OTHER_CORES over a second (our own
 * processes idle meanwhile), or QUIET_WAIT_MS have passed; resolves with how long it waited.
 */
async function quietMachine(): Promise<number> {
  const started = Date.now();
  for (;;) {
    const busyBefore = othersBusyMs();
    const wallBefore = Date.now();
    await sleep(1_000);
    const otherCores = (othersBusyMs() - busyBefore) / (Date.now() - wallBefore);
    if (otherCores < NOISY_OTHER_CORES || Date.now() - started >= QUIET_WAIT_MS) return Date.now() - started;
  }
}

/** Starts the mode's two nodes, connects the fleets' clients, publishes (again, while the machine was noisy), and stops the nodes. */
async function turn(mode: Mode, setup: Setup, fleets: Remote<FleetMethods>[], publisher: Remote<PublisherMethods>, retries: { left: number }): Promise<Turn[]> {
  const urls = setup.ports.map((port) => `http://127.0.0.1:${port}`);
  const memoryFiles = setup.ports.map((port) => memoryFileOf(mode, port));
  const servers: NodeProcess[] = [];
  try {
    servers.push(...(await Promise.all(setup.ports.map((port, k) => startServer(mode, port, setup, memoryFiles[k], 'young')))));
    const perFleet = CLIENTS / FLEETS;
    const connectStarted = Date.now();
    await Promise.all(
      fleets.map((fleet, k) =>
        fleet.call('connect', { mode, urls, widgetId: setup.widgetId, first: k * perFleet, count: perFleet, tokenSecret: setup.tokenSecret, concurrency: CONNECT_CONCURRENCY / FLEETS }),
      ),
    );
    const connectS = (Date.now() - connectStarted) / 1000;
    const groups: Record<CpuGroup, number[]> = {
      'web nodes': servers.map((server) => server.pid),
      publisher: [publisher.process.pid],
      clients: fleets.map((fleet) => fleet.process.pid),
      redis: [setup.redisPid],
    };
    const channels = Array.from({ length: CLIENTS }, (_, i) => sessionChannel(setup.widgetId, sessionId(i)));
    const attempts: Turn[] = [];
    for (;;) {
      // A node that has just taken 1,000 connections holds what they keep in its young
      // generation: its next scavenge copies it all and stopped the product's nodes for 15-36 ms
      // (raw's about 5 ms), once, 2-3 s into publishing, where it made the turn's p99. Moved out
      // first, every turn measures the steady delivery of nodes serving their connections, as
      // nodes that took them over a while would.
      await Promise.all(servers.map((server, k) => collectGarbage(server, memoryFiles[k])));
      const waitedMs = await quietMachine();
      await Promise.all(fleets.map((fleet) => fleet.call('forget', undefined)));
      const cpuBefore = cpuOf(groups);
      const busyBefore = othersBusyMs();
      const wallBefore = Date.now();
      const publish = await publisher.call('run', { mode, channels, perSecond: PUBLICATIONS_PER_S, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, raw: setup.raw });
      if (publish.failed > 0) throw new Error(`${mode}: ${publish.failed} publications failed, first: ${publish.firstFailure}`);
      const measuredSoFar = async (): Promise<number> => (await Promise.all(fleets.map((fleet) => fleet.call('measuredSoFar', undefined)))).reduce((a, b) => a + b, 0);
      await waitFor(async () => (await measuredSoFar()) >= publish.measuredSent, { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 100 }).catch(() => undefined);
      const cpuAfter = cpuOf(groups);
      const cpu = Object.fromEntries(CPU_GROUPS.map((group) => [group, cpuAfter[group] - cpuBefore[group]])) as Record<CpuGroup, number>;
      const ours = CPU_GROUPS.reduce((sum, group) => sum + cpu[group], 0);
      const otherCores = Math.max(0, (othersBusyMs() - busyBefore - ours) / (Date.now() - wallBefore));
      const reports = await Promise.all(fleets.map((fleet) => fleet.call('report', undefined)));
      const attempt: Turn = { mode, connectS, publish, cpu, otherCores, waitedMs, discarded: false, ...received(publish, reports) };
      if (attempt.misrouted > 0 || attempt.dropped > 0) throw new Error(`${mode}: ${attempt.misrouted} misrouted publications, ${attempt.dropped} sockets dropped`);
      attempts.push(attempt);
      if (otherCores <= NOISY_OTHER_CORES || retries.left === 0) return attempts;
      // Measured while other processes took the CPU: shown, but not counted, and measured again.
      attempt.discarded = true;
      retries.left--;
    }
  } finally {
    await Promise.allSettled(fleets.map((fleet) => fleet.call('close', undefined)));
    await Promise.allSettled(servers.map((server) => server.stop()));
    for (const file of memoryFiles) rmSync(file, { force: true });
  }
}

function received(publish: PublishOutcome, reports: FleetReport[]): Pick<Turn, 'deliveredInWindow' | 'latencies' | 'misrouted' | 'dropped'> {
  let deliveredInWindow = 0;
  const latencies: number[] = [];
  for (const report of reports) {
    for (let i = 0; i < report.receivedAt.length; i++) {
      if (report.receivedAt[i] >= publish.measureStart && report.receivedAt[i] <= publish.measureEnd) deliveredInWindow++;
      if (report.measured[i] === 1) latencies.push(report.latencyMs[i]);
    }
  }
  return {
    deliveredInWindow,
    latencies: Float64Array.from(latencies).sort(),
    misrouted: reports.reduce((sum, report) => sum + report.misrouted, 0),
    dropped: reports.reduce((sum, report) => sum + report.dropped, 0),
  };
}

/** The figures of one turn, or of all turns of a mode taken together. */
function figures(run: string, turns: Turn[]): Figures {
  const windowS = turns.reduce((sum, t) => sum + (t.publish.measureEnd - t.publish.measureStart) / 1000, 0);
  const latencies = Float64Array.from(turns.flatMap((t) => [...t.latencies])).sort();
  const sent = turns.reduce((sum, t) => sum + t.publish.sent, 0);
  return {
    run,
    publishedPerS: turns.reduce((sum, t) => sum + t.publish.measuredSent, 0) / windowS,
    // Deliveries that arrived while the measured publications were being sent, per second of it:
    // the publication rate when the nodes keep up, less when a backlog builds.
    deliveredPerS: turns.reduce((sum, t) => sum + t.deliveredInWindow, 0) / windowS,
    lost: turns.reduce((sum, t) => sum + t.publish.measuredSent - t.latencies.length, 0),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.length > 0 ? latencies[latencies.length - 1] : NaN,
    maxInFlight: Math.max(...turns.map((t) => t.publish.maxInFlight)),
    cpuPerThousand: Object.fromEntries(CPU_GROUPS.map((group) => [group, (turns.reduce((sum, t) => sum + t.cpu[group], 0) * 1000) / sent])) as Record<CpuGroup, number>,
    otherCores: turns.reduce((sum, t) => sum + t.otherCores, 0) / turns.length,
    waitedS: turns.reduce((sum, t) => sum + t.waitedMs, 0) / 1000,
  };
}

async function throughput(setup: Setup): Promise<Turn[]> {
  const fleets = Array.from({ length: FLEETS }, (_, k) => startFleet(`clients ${k + 1}`));
  const publisher = startPublisher(setup);
  const turns: Turn[] = [];
  try {
    const retries = { left: NOISY_RETRIES };
    for (const mode of TURNS) turns.push(...(await turn(mode, setup, fleets, publisher, retries)));
    await publisher.call('close', undefined);
    return turns;
  } finally {
    await Promise.allSettled([...fleets, publisher].map((helper) => helper.exit()));
  }
}

interface Memory {
  rss: number;
  heapUsed: number;
}

/** Where gc-on-signal.cjs in the `mode` node on `port` writes its memory figures. */
function memoryFileOf(mode: Mode, port: number): string {
  return join(tmpdir(), `switchboard-bench-realtime-${process.pid}-${mode}-${port}.json`);
}

/** Has gc-on-signal.cjs collect the node's garbage, and waits until it has. */
async function collectGarbage(server: NodeProcess, file: string): Promise<void> {
  rmSync(file, { force: true });
  server.child.kill('SIGUSR2');
  await waitFor(() => existsSync(file), { timeoutMs: 10_000, intervalMs: 20, what: 'the node to collect its garbage' });
}

/**
 * The node's memory with its garbage collected: the smallest of a few samples, each taken after
 * SIGUSR2 made gc-on-signal.cjs collect (and write the V8 heap figures to `file`) and a pause.
 */
async function settledMemory(server: NodeProcess, file: string): Promise<Memory> {
  const smallest: Memory = { rss: Infinity, heapUsed: Infinity };
  for (let i = 0; i < RSS_SAMPLES; i++) {
    server.child.kill('SIGUSR2');
    await sleep(RSS_SAMPLE_PAUSE_MS);
    smallest.rss = Math.min(smallest.rss, rssBytes(server.pid));
    smallest.heapUsed = Math.min(smallest.heapUsed, (JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage).heapUsed);
  }
  return smallest;
}

async function memory(mode: Mode, setup: Setup): Promise<MemoryResult> {
  const port = setup.ports[0];
  const file = memoryFileOf(mode, port);
  const fleet = startFleet(`${mode} memory clients`);
  let server: NodeProcess | undefined;
  try {
    server = await startServer(mode, port, setup, file, 'release');
    const spec = { mode, urls: [`http://127.0.0.1:${port}`], widgetId: setup.widgetId, tokenSecret: setup.tokenSecret, concurrency: CONNECT_CONCURRENCY };
    await fleet.call('connect', { ...spec, first: FIRST_WARMUP_VISITOR, count: MEMORY_WARMUP_CLIENTS });
    await fleet.call('close', undefined);
    await sleep(1_000);
    const before = await settledMemory(server, file);
    await fleet.call('connect', { ...spec, first: FIRST_MEMORY_VISITOR, count: MEMORY_CLIENTS });
    await sleep(2_000);
    const after = await settledMemory(server, file);
    const { open } = await fleet.call('report', undefined);
    if (open !== MEMORY_CLIENTS) throw new Error(`${mode}: ${open} of ${MEMORY_CLIENTS} memory clients still connected`);
    return {
      mode,
      before: before.rss,
      after: after.rss,
      kbPerConnection: (after.rss - before.rss) / MEMORY_CLIENTS / 1024,
      heapKbPerConnection: (after.heapUsed - before.heapUsed) / MEMORY_CLIENTS / 1024,
    };
  } finally {
    await fleet.call('close', undefined).catch(() => undefined);
    await fleet.exit();
    await server?.stop();
    rmSync(file, { force: true });
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(2);
const verdict = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target');

function print(turns: Turn[], memories: MemoryResult[]): void {
  const counted = turns.filter((t) => !t.discarded);
  const raw = counted.some((t) => t.mode === 'raw') ? figures('raw, counted turns', counted.filter((t) => t.mode === 'raw')) : undefined;
  const product = counted.some((t) => t.mode === 'product') ? figures('product, counted turns', counted.filter((t) => t.mode === 'product')) : undefined;
  if (raw && product) {
    const rows = [...turns.map((t, i) => figures(`${i + 1}. ${t.mode}${t.discarded ? ' (not counted)' : ''}`, [t])), raw, product];
    console.log(
      `\nRealtime delivery: ${CLIENTS} clients on 2 nodes, ${PUBLICATIONS_PER_S} publications/s, each to one client's channel; ` +
        `turns of ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured`,
    );
    console.table(
      rows.map((row) => ({
        run: row.run,
        'published/s': row.publishedPerS.toFixed(0),
        'delivered/s': row.deliveredPerS.toFixed(0),
        lost: row.lost,
        'p50 ms': ms(row.p50),
        'p90 ms': ms(row.p90),
        'p99 ms': ms(row.p99),
        'max ms': ms(row.max),
        'in flight': row.maxInFlight,
        'other CPU': `${row.otherCores.toFixed(2)}${row.otherCores > NOISY_OTHER_CORES ? ' noisy' : ''}`,
        'waited s': row.waitedS.toFixed(0),
      })),
    );
    console.log(
      '"in flight": most publish() calls unresolved at once (product: each awaits Redis; raw: the emitter does not wait); ' +
        `"other CPU": cores other processes used while publishing (turns above ${NOISY_OTHER_CORES} are measured again, up to ${NOISY_RETRIES} times in all); ` +
        '"waited s": for the machine to quieten before publishing',
    );
    console.log('\nCPU ms per 1,000 publications, by process (counted turns: warm-up, measured and tail)');
    const total = (row: Figures): number => CPU_GROUPS.reduce((sum, group) => sum + row.cpuPerThousand[group], 0);
    console.table(
      [raw, product].map((row) => ({ run: row.run, ...Object.fromEntries(CPU_GROUPS.map((group) => [group, row.cpuPerThousand[group].toFixed(0)])), all: total(row).toFixed(0) })),
    );
    const cpuRatio = (group: CpuGroup): string => `${group} ${(product.cpuPerThousand[group] / raw.cpuPerThousand[group]).toFixed(2)}×`;
    console.log(`CPU per publication product/raw: ${CPU_GROUPS.map(cpuRatio).join(', ')}, all ${(total(product) / total(raw)).toFixed(2)}×`);
  }
  if (memories.length > 0) {
    console.log(
      `\nMemory per idle subscribed connection: ${MEMORY_CLIENTS} clients on one node (after ${MEMORY_WARMUP_CLIENTS} warm-up connections), ` +
        'each reading the smallest of several after a last-resort GC',
    );
    console.table(
      memories.map((memory) => ({
        run: memory.mode,
        'RSS before MB': mb(memory.before),
        'RSS after MB': mb(memory.after),
        'RSS KB per connection': memory.kbPerConnection.toFixed(1),
        'of which JS heap KB': memory.heapKbPerConnection.toFixed(1),
      })),
    );
  }

  console.log('');
  if (raw && product) {
    const throughputRatio = product.deliveredPerS / raw.deliveredPerS;
    const p99Ratio = product.p99 / raw.p99;
    console.log(`throughput product/raw: ${throughputRatio.toFixed(3)}× (target ≥ ${TARGETS.throughputRatio}): ${verdict(throughputRatio >= TARGETS.throughputRatio)}`);
    console.log(`p99 latency product/raw: ${p99Ratio.toFixed(2)}× (${ms(product.p99)} / ${ms(raw.p99)} ms; target ≤ ${TARGETS.p99Ratio}): ${verdict(p99Ratio <= TARGETS.p99Ratio)}`);
    console.log(`p50 latency product/raw: ${(product.p50 / raw.p50).toFixed(2)}× (${ms(product.p50)} / ${ms(raw.p50)} ms)`);
  }
  const productMemory = memories.find((memory) => memory.mode === 'product');
  if (productMemory) {
    const kb = productMemory.kbPerConnection;
    console.log(`RSS per idle connection, product: ${kb.toFixed(1)} KB (target ≤ ${TARGETS.kbPerConnection}): ${verdict(kb <= TARGETS.kbPerConnection)}`);
  }
}

async function redisServerPid(): Promise<number> {
  const redis = new Redis('redis://127.0.0.1:6379/0');
  try {
    const pid = /^process_id:(\d+)/m.exec(await redis.info('server'))?.[1];
    if (!pid) throw new Error('INFO server names no process_id');
    return Number(pid);
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const fdLimit = await childFdLimit();
  if (fdLimit < MEMORY_CLIENTS + 1_000) throw new Error(`child processes may open ${fdLimit} files; ${MEMORY_CLIENTS + 1_000} needed (raise ulimit -n)`);
  const phases = process.env.BENCH_REALTIME_PHASES ?? 'throughput,memory';
  await compileHelpers();
  const env = await TestEnvironment.create({ name: 'sb_bench_realtime' });
  const tokenSecret = randomBytes(32).toString('hex');
  const setup: Setup = {
    env,
    ports: [await freePort(), await freePort()],
    widgetId: randomUUID(),
    tokenSecret,
    appEnv: {
      APP_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: env.redisKeyPrefix,
      REALTIME_TOKEN_SECRET: tokenSecret,
    },
    redisPid: await redisServerPid(),
    raw: { redisUrl: `redis://127.0.0.1:6379/${env.config().redis.realtimeDb}`, key: `${env.redisKeyPrefix}raw-socket.io` },
  };
  try {
    const turns = phases.includes('throughput') ? await throughput(setup) : [];
    const memories = phases.includes('memory') ? [await memory('product', setup), await memory('raw', setup)] : [];
    print(turns, memories);
  } finally {
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
