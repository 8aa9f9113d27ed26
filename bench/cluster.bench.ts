/**
 * `npm run bench:cluster` — chat messages per second sustained through the load balancer, with
 * 1 web node + 1 worker and with 3 web nodes + 2 workers (scripts/cluster/harness.ts: the built
 * app behind Debian's HAProxy, round robin), on this machine.
 *
 * Each message is a real chat turn: POST /api/v1/messages/stream through HAProxy → web node →
 * BullMQ → worker (an AI sorter call, the answer streamed from a fake OpenAI-compatible model
 * that waits MODEL_LATENCY_MS before answering and streams a short answer) → Redis stream → web
 * node → SSE, read until `complete`. Latency is end to end: send → `complete` received. The load is
 * closed-loop: C clients (one user each, so the per-user generation cap never binds) each send a
 * message, read its answer, and send the next; C rises step by step, and the sustained throughput
 * of a topology is its best step without a single error, over two turns each (small, large,
 * large, small). Errors (a non-200, an answer ending other than `complete`, a broken stream) are
 * counted and printed.
 *
 * It also prints where the CPU went during each topology's busiest step (each node, HAProxy,
 * every redis-server and mariadbd on the machine, this process as the clients, and everything
 * else), and the load average: on a 2-core machine shared with other work, the cores run out
 * long before the design does, and the figures say so.
 *
 * Needs the built server (`npm run build:server`), MariaDB + Redis on localhost and haproxy.
 * BENCH_CLUSTER_STEPS overrides the concurrency steps (e.g. "4,8,16"), BENCH_CLUSTER_STEP_S the
 * seconds measured per step.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ClusterHarness } from '../scripts/cluster/harness';
import { FakeOpenAiServer } from '../test/support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../test/support/pipeline-replies';
import { readSse } from '../test/support/sse';
import { registerUser, type Session } from '../test/support/users';
import { cpuMs, machineBusyMs } from './realtime/process';
import { percentile } from './stats';

const SMALL = { webs: 1, workers: 1 };
const LARGE = { webs: 3, workers: 2 };
/**
 * Turns, in this order: the topologies alternate so that noise from the rest of a shared machine
 * falls on both; each topology's figures are its better turn.
 */
const TURNS = [SMALL, LARGE, LARGE, SMALL];
const STEPS = (process.env.BENCH_CLUSTER_STEPS ?? '2,4,8,16,32').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_CLUSTER_STEP_S ?? 10) * 1000;
/** Each step first runs this long unmeasured, so the measured window sees a steady state. */
const WARMUP_MS = 2_000;
/** The fake model's time to its first token, for the sorter and for the answer. */
const MODEL_LATENCY_MS = 20;
/** Errors printed in full (the rest are counted). */
const ERRORS_SHOWN = 5;

interface StepResult {
  concurrency: number;
  messages: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: string[];
  cpu: CpuPicture;
}

/** CPU time (ms) spent in a window, by who spent it. */
type CpuPicture = { label: string; ms: number }[];

/** One message through the load balancer: its latency, or why it failed. */
async function chatTurn(cluster: ClusterHarness, user: Session, n: number): Promise<{ ms: number } | { error: string }> {
  const startedAt = performance.now();
  try {
    const response = await cluster.request('/api/v1/messages/stream', { method: 'POST', token: user.accessToken, json: { message: `Benchmark question ${n}` } });
    if (response.status !== 200) return { error: `HTTP ${response.status} ${(await response.text()).slice(0, 200)}` };
    const events = await readSse(response, (event) => event.event === 'complete' || event.event === 'error');
    const last = events.at(-1);
    if (last?.event !== 'complete') return { error: `stream ended with ${last ? `${last.event} ${JSON.stringify(last.data)}` : 'nothing'}` };
    return { ms: performance.now() - startedAt };
  } catch (error) {
    return { error: `request failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * `concurrency` clients in a closed loop for warm-up + STEP_MS. Throughput counts the answers
 * completed in the measured window; latency, the turns that also started in it.
 */
async function runStep(cluster: ClusterHarness, users: Session[], concurrency: number): Promise<StepResult> {
  const measureFrom = performance.now() + WARMUP_MS;
  const measureTo = measureFrom + STEP_MS;
  const latencies: number[] = [];
  let completed = 0;
  const errors: string[] = [];
  let cpuBefore: Map<string, number> | undefined;
  const cpuSampler = setTimeout(() => (cpuBefore = cpuSnapshot(cluster)), WARMUP_MS);
  let counter = 0;
  const client = async (user: Session): Promise<void> => {
    while (performance.now() < measureTo) {
      const startedAt = performance.now();
      const outcome = await chatTurn(cluster, user, counter++);
      const endedAt = performance.now();
      const inWindow = endedAt >= measureFrom && endedAt <= measureTo;
      if ('error' in outcome) errors.push(outcome.error);
      else if (inWindow) {
        completed++;
        if (startedAt >= measureFrom) latencies.push(outcome.ms);
      }
    }
  };
  await Promise.all(users.slice(0, concurrency).map(client));
  clearTimeout(cpuSampler);
  const cpuAfter = cpuSnapshot(cluster);
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    messages: completed,
    perSecond: completed / (STEP_MS / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    cpu: [...cpuAfter].map(([label, ms]) => ({ label, ms: ms - (cpuBefore?.get(label) ?? ms) })),
  };
}

/**
 * CPU time so far of: each node, HAProxy (this process's haproxy child), every redis-server and
 * mariadbd on the machine, this process (the clients and the fake model), and the machine in all.
 */
function cpuSnapshot(cluster: ClusterHarness): Map<string, number> {
  const snapshot = new Map<string, number>();
  const add = (label: string, ms: number): void => void snapshot.set(label, (snapshot.get(label) ?? 0) + ms);
  for (const node of cluster.nodes) if (node.pid !== undefined) add(node.role === 'web' ? 'web nodes' : 'workers', safeCpuMs(node.pid));
  for (const pid of processIds()) {
    const { comm, ppid } = statOf(pid);
    if (comm === 'haproxy' && ppid === process.pid) add('haproxy', safeCpuMs(pid));
    if (comm === 'redis-server') add('redis-server (all)', safeCpuMs(pid));
    if (comm === 'mariadbd') add('mariadbd', safeCpuMs(pid));
  }
  const usage = process.cpuUsage();
  add('bench clients + fake model', (usage.user + usage.system) / 1000);
  add('machine', machineBusyMs());
  return snapshot;
}

function processIds(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** A process's command name and parent, from /proc/<pid>/stat ('' for one that is gone). */
function statOf(pid: number): { comm: string; ppid: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { comm, ppid };
  } catch {
    return { comm: '', ppid: 0 };
  }
}

function safeCpuMs(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}

function nameOf({ webs, workers }: { webs: number; workers: number }): string {
  return `${webs} web + ${workers} worker${workers > 1 ? 's' : ''}`;
}

async function benchTopology(webs: number, workers: number, openai: FakeOpenAiServer): Promise<StepResult[]> {
  console.log(`\n== ${nameOf({ webs, workers })} behind HAProxy ==`);
  const cluster = await ClusterHarness.start({
    webs,
    workers,
    env: {
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_MODELS: 'fake-chat',
      AI_MAX_RETRIES: '0',
      LOG_LEVEL: 'warn',
      // Every client is 127.0.0.1 here: the per-IP and per-user budgets would throttle the bench itself.
      RATE_LIMIT_IP_PER_MIN: '1000000',
      RATE_LIMIT_USER_PER_MIN: '1000000',
      RATE_LIMIT_AUTH_PER_MIN: '1000000',
    },
  });
  try {
    const users: Session[] = [];
    for (let i = 0; i < Math.max(...STEPS); i++) users.push(await registerUser(cluster, `bench${i}@example.com`));
    const results: StepResult[] = [];
    for (const concurrency of STEPS) {
      const result = await runStep(cluster, users, concurrency);
      results.push(result);
      console.log(
        `  ${String(concurrency).padStart(3)} clients: ${result.perSecond.toFixed(1).padStart(6)} msg/s  p50 ${result.p50Ms.toFixed(0).padStart(5)} ms  p99 ${result.p99Ms.toFixed(0).padStart(5)} ms  errors ${result.errors.length}  (load average ${loadavg()[0].toFixed(2)})`,
      );
      for (const error of result.errors.slice(0, ERRORS_SHOWN)) console.log(`      error: ${error}`);
    }
    return results;
  } finally {
    await cluster.stop();
  }
}

/** The best step without errors: what the topology sustains. */
function sustained(results: StepResult[]): StepResult | undefined {
  return results.filter((result) => result.errors.length === 0 && result.messages > 0).sort((a, b) => b.perSecond - a.perSecond)[0];
}

/** What the bench itself and the rest of the machine spend: not the cluster's cost per message. */
const NOT_THE_CLUSTER = new Set(['machine', 'bench clients + fake model']);

/**
 * Cores each part kept busy, the CPU each spent per message, and the ceiling that cost puts on
 * this machine: with every core given to the cluster (its nodes, HAProxy, Redis, MariaDB) and none
 * to the clients or anything else, no topology can answer more messages per second than that.
 */
function printCpu(title: string, result: StepResult): void {
  const seconds = STEP_MS / 1000;
  const cores = cpus().length;
  const machine = result.cpu.find((entry) => entry.label === 'machine')?.ms ?? 0;
  const parts = result.cpu.filter((entry) => entry.label !== 'machine');
  const counted = parts.reduce((sum, entry) => sum + entry.ms, 0);
  const perMessage = (ms: number): string => (result.messages > 0 ? (ms / result.messages).toFixed(1) : '-');
  console.log(`\nCPU during ${title} at ${result.concurrency} clients (${result.messages} messages in ${seconds} s; the machine has ${cores} cores):`);
  console.log(`  ${'part'.padEnd(28)} cores   ms/message`);
  for (const entry of parts) console.log(`  ${entry.label.padEnd(28)} ${(entry.ms / 1000 / seconds).toFixed(2).padStart(5)}   ${perMessage(entry.ms).padStart(6)}`);
  console.log(`  ${'other processes'.padEnd(28)} ${(Math.max(0, machine - counted) / 1000 / seconds).toFixed(2).padStart(5)}`);
  console.log(`  ${'machine in all'.padEnd(28)} ${(machine / 1000 / seconds).toFixed(2).padStart(5)}`);
  const clusterMs = result.cpu.filter((entry) => !NOT_THE_CLUSTER.has(entry.label)).reduce((sum, entry) => sum + entry.ms, 0);
  if (result.messages > 0 && clusterMs > 0) {
    const ceiling = (cores * 1000) / (clusterMs / result.messages);
    console.log(`  the cluster spends ${perMessage(clusterMs)} ms of CPU per message: ${cores} cores answer at most ~${ceiling.toFixed(0)} msg/s, whatever the topology`);
  }
}

async function main(): Promise<void> {
  const openai = await FakeOpenAiServer.start({
    defaultReply: (request) => {
      const reply = pipelineReply(request);
      return typeof reply === 'string' ? { text: reply, stallMs: MODEL_LATENCY_MS } : { ...reply, stallMs: MODEL_LATENCY_MS };
    },
  });
  console.log(`bench:cluster — closed-loop chat through HAProxy; model: ${MODEL_LATENCY_MS} ms to first token, "${FAKE_ANSWER}" streamed`);
  console.log(`steps: ${STEPS.join(', ')} clients, ${STEP_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up; load average at start ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  try {
    const turns = new Map<string, StepResult[][]>();
    for (const topology of TURNS) {
      const results = await benchTopology(topology.webs, topology.workers, openai);
      turns.set(nameOf(topology), [...(turns.get(nameOf(topology)) ?? []), results]);
    }
    const summary = [SMALL, LARGE].map((topology) => {
      const runs = turns.get(nameOf(topology)) ?? [];
      const all = runs.flat();
      const best = sustained(all);
      // The CPU picture of the turn the sustained figure comes from, at its busiest step.
      const turn = runs.find((results) => best !== undefined && results.includes(best)) ?? runs[0] ?? [];
      return { name: nameOf(topology), best, all, turn };
    });

    console.log('\nSustained (best step without errors, over both turns):');
    console.log('  topology            clients   msg/s   p50 ms   p99 ms   errors (all steps)');
    for (const { name, best, all } of summary) {
      const errors = all.reduce((sum, result) => sum + result.errors.length, 0);
      console.log(
        best
          ? `  ${name.padEnd(18)}  ${String(best.concurrency).padStart(7)}  ${best.perSecond.toFixed(1).padStart(6)}  ${best.p50Ms.toFixed(0).padStart(7)}  ${best.p99Ms.toFixed(0).padStart(7)}   ${errors}`
          : `  ${name.padEnd(18)}  no step without errors   ${errors}`,
      );
    }
    const [small, large] = summary;
    if (small?.best && large?.best) console.log(`  ratio (3+2 / 1+1): ${(large.best.perSecond / small.best.perSecond).toFixed(2)}x`);
    for (const { name, turn } of summary) {
      const busiest = [...turn].sort((a, b) => b.concurrency - a.concurrency)[0];
      if (busiest) printCpu(name, busiest);
    }
    console.log(`\nload average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  } finally {
    await openai.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
