import { TestEnvironment } from '../../support/test-environment';
import { answers200, freePort, OutputLog, OwnedProcess, runToCompletion, type ExitStatus } from '../../support/processes';
import { waitFor } from '../../support/wait-for';

export { freePort, type ExitStatus };

const BOOT_TIMEOUT_MS = 60_000;

/** The built app (`node dist/main.js`) started the way the README starts it, on its own database, Redis prefix and port. */
export interface AppProcess {
  baseUrl: string;
  env: TestEnvironment;
  /** Resolves when the process exits, by itself or after `stop()`. */
  exited: Promise<ExitStatus>;
  /** Everything the migrations and the app printed, for a failure report. */
  logs(): string;
  /** Sends SIGTERM, waits for the exit (SIGKILL after a grace period) and drops the suite's data. */
  stop(): Promise<ExitStatus>;
}

export interface StartOptions {
  /** Adds to or overrides the app's environment (APP_ROLE, smaller budgets …). */
  env?: Record<string, string>;
  /** What "started" means: the API's health (default) or, for a worker, its liveness port. */
  readyPath?: '/api/health' | '/health';
}

export async function startApp({ env: overrides = {}, readyPath = '/api/health' }: StartOptions = {}): Promise<AppProcess> {
  const env = await TestEnvironment.create({ migrate: false, name: 'sb_e2e' });
  const output = new OutputLog();
  let app: OwnedProcess | undefined;

  const stop = async (): Promise<ExitStatus> => {
    const status = app ? await app.stop() : { code: null, signal: null };
    await env.dispose();
    return status;
  };

  try {
    await runToCompletion('npm', ['run', 'migration:run'], { DATABASE_URL: env.databaseUrl }, output);
    const port = await freePort();
    const running = new OwnedProcess(
      process.execPath,
      ['dist/main.js'],
      {
        APP_ROLE: 'all',
        APP_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:6379/0',
        REDIS_KEY_PREFIX: env.redisKeyPrefix,
        // Its own origin may open the realtime socket, as http://localhost:3000 may by default.
        REALTIME_ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
        ...overrides,
      },
      output,
    );
    app = running;

    const readyPort = readyPath === '/health' ? Number(overrides.WORKER_HEALTH_PORT) : port;
    // An exit ends the wait at once instead of after the whole timeout.
    await waitFor(async () => !running.running || (await answers200(`http://127.0.0.1:${readyPort}${readyPath}`)), {
      timeoutMs: BOOT_TIMEOUT_MS,
      intervalMs: 250,
      what: `GET ${readyPath} to answer 200`,
    });
    if (!running.running) throw new Error(`the app exited during start-up (${JSON.stringify(await running.exited)})`);
    return { baseUrl: `http://127.0.0.1:${port}`, env, exited: running.exited, logs: () => output.text(), stop };
  } catch (error) {
    await stop().catch((cleanupError: unknown) => output.push(`\n[cleanup failed] ${String(cleanupError)}\n`));
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- app output ---\n${output.text()}`, {
      cause: error,
    });
  }
}
