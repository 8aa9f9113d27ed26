import 'reflect-metadata';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { ConfigError, loadConfig, readProcessEnvironment, type AppConfig } from './config/app-config';
import { ProcessLifecycle } from './common/lifecycle/process-lifecycle';
import { createWebApp, createWorkerApp } from './roles/bootstrap';
import { drainAndClose } from './roles/graceful-shutdown';

/** Boots the role; returns the app and, for a role that serves HTTP, where it listens. */
async function start(config: AppConfig): Promise<{ app: INestApplicationContext; listening?: string }> {
  if (config.role === 'worker') return { app: await createWorkerApp(config) };
  const app = await createWebApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.getHttpServer().address();
  const listening = typeof address === 'object' && address !== null ? `http://${config.http.host}:${address.port}` : String(address);
  return { app, listening };
}

/**
 * One shutdown path for SIGTERM, SIGINT and the worker's self-recycling (src/roles/graceful-shutdown.ts):
 * a web node reports not-ready for SHUTDOWN_DRAIN_DELAY_MS, then ends its SSE streams and sockets
 * (clients resume on other nodes) and finishes in-flight requests; a worker stops taking jobs and
 * finishes those in hand. Exit 0, or 1 if that takes longer than SHUTDOWN_TIMEOUT_S: a job still in
 * hand then is not lost, its lock lapses and BullMQ hands it to another worker as stalled, which
 * answers again from the start. A worker's timeout should therefore exceed its longest answer.
 */
function handleShutdown(app: INestApplicationContext, config: AppConfig): void {
  const logger = new Logger('Process');
  let closing = false;
  const shutdown = (reason: string): void => {
    if (closing) return;
    closing = true;
    logger.log(`shutting down (${reason})`);
    const force = setTimeout(() => {
      const unfinished = config.role === 'web' ? 'requests still in flight are cut' : 'jobs still in hand go to another worker once their lock lapses';
      logger.error(`shutdown took longer than SHUTDOWN_TIMEOUT_S=${config.shutdownTimeoutS}s; exiting (${unfinished})`);
      process.exit(1);
    }, config.shutdownTimeoutS * 1000);
    force.unref();
    const drainDelayMs = config.role === 'worker' ? 0 : config.shutdownDrainDelayMs;
    drainAndClose(app, drainDelayMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  app.get(ProcessLifecycle).onShutdownRequested(shutdown);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(readProcessEnvironment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { app, listening } = await start(config);
  handleShutdown(app, config);
  const where = listening ? `, listening on ${listening} (public URL ${config.http.appUrl})` : '';
  new Logger('Process').log(`switchboard started as ${config.role} (${config.env})${where}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
