import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers200, freePort, OutputLog, OwnedProcess, PROJECT_ROOT, runToCompletion, type ExitStatus } from '../../test/support/processes';
import { TestEnvironment } from '../../test/support/test-environment';
import { waitFor } from '../../test/support/wait-for';
import { haproxyConfig, serverStates } from './haproxy-config';

export type NodeRole = 'web' | 'worker';

/** Debian's HAProxy (`apt-get install haproxy`); run in the foreground as the harness's child. */
export const HAPROXY_BINARY = '/usr/sbin/haproxy';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';
const BOOT_TIMEOUT_MS = 90_000;
/** How long the load balancer may take to see a node come or go (health checks every 500 ms, 2 in a row). */
const LB_CHANGE_TIMEOUT_MS = 15_000;

export interface ClusterOptions {
  /** Web processes (APP_ROLE=web) behind the load balancer. Default 3. */
  webs?: number;
  /** Worker processes (APP_ROLE=worker). Default 2. */
  workers?: number;
  /** Added to (or overriding) every node's environment: a provider, smaller limits … */
  env?: Record<string, string>;
  /** Default: the machine's Redis, with a key prefix of the cluster's own, deleted by `stop()`. */
  redisUrl?: string;
  /** Used as is (created if missing and migrated, never dropped). Default: a fresh database dropped by `stop()`. */
  databaseUrl?: string;
  /**
   * The URL the nodes connect to for the database (a fault-injecting proxy in front of it, say);
   * the migrations, and `environment.query`, use the database's own.
   */
  nodeDatabaseUrl?: (databaseUrl: string) => string;
  /** Default: the fresh database's name, or `sbcluster:` with a given database. */
  redisKeyPrefix?: string;
  /** The load balancer's port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Also hands every chunk a process prints to this, with the process's name (`web0`, `haproxy` …). */
  echo?: (source: string, chunk: string) => void;
}

type RequestInitWithJson = RequestInit & { json?: unknown; token?: string };

/** A request to `baseUrl + path`, JSON-encoding `json` and sending `token` as a bearer token (as RunningWebApp does). */
function requestTo(baseUrl: string, path: string, init: RequestInitWithJson = {}): Promise<Response> {
  const { json, token, headers, ...rest } = init;
  const merged = new Headers(headers);
  if (json !== undefined) merged.set('content-type', 'application/json');
  if (token) merged.set('authorization', `Bearer ${token}`);
  return fetch(baseUrl + path, { ...rest, headers: merged, body: json !== undefined ? JSON.stringify(json) : rest.body });
}

/**
 * One process of the cluster (`node dist/main.js`). A web node's port is its API's; a worker's is
 * its liveness port (WORKER_HEALTH_PORT). Both stay the same across restarts, so the load
 * balancer's configuration never changes.
 */
export class ClusterNode {
  /** `web0`, `worker1` …: what the load balancer names in `x-served-by`. */
  readonly name: string;
  readonly baseUrl: string;
  private process: OwnedProcess | undefined;
  /** Every run's output, restarts included. */
  private readonly output: OutputLog;

  constructor(
    readonly role: NodeRole,
    readonly index: number,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly cluster: ClusterHarness,
    echo: ClusterOptions['echo'],
  ) {
    this.name = `${role}${index}`;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.output = new OutputLog(echo && ((chunk) => echo(this.name, chunk)));
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /** Resolves when the current run exits. */
  get exited(): Promise<ExitStatus> {
    return this.process?.exited ?? Promise.resolve({ code: null, signal: null });
  }

  logs(): string {
    return this.output.text();
  }

  /** A request straight to this node (web nodes; a worker answers only GET /health). */
  request(path: string, init?: RequestInitWithJson): Promise<Response> {
    return requestTo(this.baseUrl, path, init);
  }

  /** Sends `signal` (default SIGKILL: a crash) and resolves when the process has exited. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    return this.process?.kill(signal) ?? this.exited;
  }

  /** SIGTERM (the app drains), SIGKILL after a grace period. */
  stop(): Promise<ExitStatus> {
    return this.process?.stop() ?? this.exited;
  }

  /**
   * Stops the node if it runs, starts it again on the same port and resolves once it is ready —
   * for a web node, once the load balancer sends it requests again.
   */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    if (this.role === 'web') await this.cluster.waitForLoadBalancer(this, 'UP');
  }

  /** @internal Starts the process and waits for its health endpoint. */
  async start(): Promise<void> {
    this.output.push(`\n--- ${this.name} starting ---\n`);
    const running = new OwnedProcess(process.execPath, ['dist/main.js'], this.env, this.output);
    this.process = running;
    const healthUrl = `${this.baseUrl}${this.role === 'web' ? '/api/health' : '/health'}`;
    try {
      await waitFor(async () => !running.running || (await answers200(healthUrl)), {
        timeoutMs: BOOT_TIMEOUT_MS,
        intervalMs: 250,
        what: `${this.name} to answer 200 on ${healthUrl}`,
      });
      if (!running.running) throw new Error(`${this.name} exited during start-up (${JSON.stringify(await running.exited)})`);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${this.name} output ---\n${this.logs()}`, { cause: error });
    }
  }
}

/**
 * The built app as a cluster on this machine: N web processes and M workers sharing one database
 * and Redis key prefix, behind Debian's HAProxy in round robin (no sticky sessions, WebSockets
 * forwarded). Everything it starts it stops by process id; everything it creates it drops.
 *
 *   const cluster = await ClusterHarness.start({ env: { OPENAI_BASE_URL: … } });
 *   await cluster.request('/api/v1/auth/login', { method: 'POST', json });   // through the LB
 *   await cluster.webs[1].request('/api/v1/me', { token });                   // one node directly
 *   await cluster.webs[0].kill();  await cluster.webs[0].restart();
 *   await cluster.stop();
 */
export class ClusterHarness {
  /** The load balancer: what clients use. */
  readonly baseUrl: string;
  /** The environment every node shares (secrets generated once for the cluster, URLs, prefix). */
  readonly sharedEnv: Readonly<Record<string, string>>;
  readonly nodes: ClusterNode[] = [];
  private haproxy: OwnedProcess | undefined;
  private readonly haproxyOutput: OutputLog;
  private readonly setupOutput: OutputLog;

  private constructor(
    private readonly workDir: string,
    private readonly lbPort: number,
    private readonly statsPort: number,
    /** The database and keys the harness created, dropped by `stop()`; none when they were given. */
    readonly environment: TestEnvironment | undefined,
    sharedEnv: Record<string, string>,
    private readonly echo: ClusterOptions['echo'],
  ) {
    this.baseUrl = `http://127.0.0.1:${lbPort}`;
    this.sharedEnv = sharedEnv;
    this.haproxyOutput = new OutputLog(echo && ((chunk) => echo('haproxy', chunk)));
    this.setupOutput = new OutputLog(echo && ((chunk) => echo('setup', chunk)));
  }

  /** Migrates the database once, starts the workers and web nodes, then the load balancer in front of them. */
  static async start(options: ClusterOptions = {}): Promise<ClusterHarness> {
    for (const file of ['main.js', 'migrate.js']) {
      if (!existsSync(join(PROJECT_ROOT, 'dist', file))) throw new Error(`dist/${file} is missing: run \`npm run build\` first`);
    }
    if (!existsSync(HAPROXY_BINARY)) throw new Error(`${HAPROXY_BINARY} is missing: apt-get install haproxy`);
    const { webs = 3, workers = 2 } = options;
    const environment = options.databaseUrl === undefined ? await TestEnvironment.create({ migrate: false, name: 'sb_cluster' }) : undefined;
    const workDir = await mkdtemp(join(tmpdir(), 'sb-cluster-'));
    const [lbPort, statsPort] = await Promise.all([options.port ?? freePort(), freePort()]);
    const lbUrl = `http://127.0.0.1:${lbPort}`;
    const databaseUrl = options.databaseUrl ?? environment?.databaseUrl ?? '';
    const sharedEnv: Record<string, string> = {
      // Production's checks apply: no changeme secret, no wildcard origin.
      APP_ENV: 'production',
      APP_URL: lbUrl,
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      // A web node told to stop keeps serving (health says draining) until HAProxy's checks, 2 failed
      // 500 ms apart, have taken it out: a restart then costs no client a refused request.
      SHUTDOWN_DRAIN_DELAY_MS: '2000',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.nodeDatabaseUrl?.(databaseUrl) ?? databaseUrl,
      REDIS_URL: options.redisUrl ?? DEFAULT_REDIS_URL,
      REDIS_KEY_PREFIX: options.redisKeyPrefix ?? environment?.redisKeyPrefix ?? 'sbcluster:',
      // Every node must agree on these: a token signed by one is checked by another.
      JWT_SECRET: secret(),
      REALTIME_TOKEN_SECRET: secret(),
      REALTIME_API_KEY: secret(),
      REALTIME_ALLOWED_ORIGINS: lbUrl,
      // Uploads made through one web node are read by workers and other nodes.
      STORAGE_DIR: join(workDir, 'storage'),
      ...options.env,
    };
    const cluster = new ClusterHarness(workDir, lbPort, statsPort, environment, sharedEnv, options.echo);
    try {
      // The build's migration runner (what `npm run migration:run` runs through ts-node), once for all nodes.
      await runToCompletion(process.execPath, ['dist/migrate.js'], { DATABASE_URL: databaseUrl }, cluster.setupOutput);
      const roles: NodeRole[] = [...Array<NodeRole>(workers).fill('worker'), ...Array<NodeRole>(webs).fill('web')];
      // Settled, not all(): a node still starting when another failed must be known to stop().
      const failed = (await Promise.allSettled(roles.map((role) => cluster.addNode(role)))).find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      await cluster.startLoadBalancer();
      return cluster;
    } catch (error) {
      await cluster.stop().catch((cleanupError: unknown) => cluster.setupOutput.push(`\n[cleanup failed] ${String(cleanupError)}\n`));
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- setup output ---\n${cluster.setupOutput.text()}`, { cause: error });
    }
  }

  get webs(): ClusterNode[] {
    return this.nodes.filter((node) => node.role === 'web');
  }

  get workers(): ClusterNode[] {
    return this.nodes.filter((node) => node.role === 'worker');
  }

  node(name: string): ClusterNode {
    const found = this.nodes.find((node) => node.name === name);
    if (!found) throw new Error(`no node ${name} in the cluster (${this.nodes.map((node) => node.name).join(', ')})`);
    return found;
  }

  /** A request through the load balancer. */
  request(path: string, init?: RequestInitWithJson): Promise<Response> {
    return requestTo(this.baseUrl, path, init);
  }

  /**
   * Starts one more node. A worker joins at once; a web node only serves through the load
   * balancer if it was added before the balancer started (its configuration is written once).
   */
  async addNode(role: NodeRole): Promise<ClusterNode> {
    if (role === 'web' && this.haproxy) throw new Error('web nodes are added before the load balancer starts');
    const port = await freePort();
    // Counted after the await, in the same tick as the push: nodes added together get distinct indexes.
    const index = this.nodes.filter((node) => node.role === role).length;
    const env = role === 'web' ? { ...this.sharedEnv, APP_ROLE: 'web', PORT: String(port) } : { ...this.sharedEnv, APP_ROLE: 'worker', WORKER_HEALTH_PORT: String(port) };
    const node = new ClusterNode(role, index, port, env, this, this.echo);
    this.nodes.push(node);
    await node.start();
    return node;
  }

  /** HAProxy's view of each web node (`UP`, `DOWN`, `UP 1/2` while it changes …), by name. */
  async loadBalancerStates(): Promise<Map<string, string>> {
    const response = await fetch(`http://127.0.0.1:${this.statsPort}/stats;csv`, { signal: AbortSignal.timeout(2_000) });
    return serverStates(await response.text());
  }

  /** Waits until the load balancer has taken `node` in (`UP`) or out (`DOWN`) of the rotation. */
  async waitForLoadBalancer(node: ClusterNode, state: 'UP' | 'DOWN'): Promise<void> {
    await waitFor(async () => (await this.loadBalancerStates()).get(node.name) === state, {
      timeoutMs: LB_CHANGE_TIMEOUT_MS,
      intervalMs: 100,
      what: `the load balancer to see ${node.name} ${state}`,
    });
  }

  /** Every node's output, and the load balancer's, labelled: for a failure report. */
  logs(): string {
    const sections = [
      ['setup', this.setupOutput.text()],
      ['haproxy', this.haproxyOutput.text()],
      ...this.nodes.map((node) => [`${node.name} (port ${node.port})`, node.logs()]),
    ];
    return sections.map(([name, text]) => `===== ${name} =====\n${text}`).join('\n');
  }

  /** Stops the load balancer and every node (SIGTERM, SIGKILL after a grace period), then drops the cluster's database and keys. */
  async stop(): Promise<void> {
    await this.haproxy?.stop();
    await Promise.all(this.nodes.map((node) => node.stop()));
    await this.environment?.dispose();
    await rm(this.workDir, { recursive: true, force: true });
  }

  private async startLoadBalancer(): Promise<void> {
    const configPath = join(this.workDir, 'haproxy.cfg');
    const servers = this.webs.map((node) => ({ name: node.name, port: node.port }));
    await writeFile(configPath, haproxyConfig({ port: this.lbPort, statsPort: this.statsPort, servers }));
    // -db: stay in the foreground, a child of this process, never a daemon or a system service.
    const haproxy = new OwnedProcess(HAPROXY_BINARY, ['-db', '-f', configPath], {}, this.haproxyOutput);
    this.haproxy = haproxy;
    await waitFor(
      async () => {
        if (!haproxy.running) return true;
        const states = await this.loadBalancerStates();
        return servers.every((server) => states.get(server.name) === 'UP');
      },
      { timeoutMs: LB_CHANGE_TIMEOUT_MS, intervalMs: 100, what: 'haproxy to see every web node UP' },
    );
    if (!haproxy.running) throw new Error(`haproxy exited (${JSON.stringify(await haproxy.exited)}): ${this.haproxyOutput.text()}`);
  }
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}
