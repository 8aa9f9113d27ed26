import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startApp, type AppProcess } from './support/app-process';

/** The built server in each role, as a supervisor (or Docker) runs it: `node dist/main.js`. */
describe('process roles', () => {
  let app: AppProcess | undefined;

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && app) console.log(app.logs());
    await app?.stop();
    app = undefined;
  });

  it('runs a worker with no HTTP API, which recycles itself and exits 0', async () => {
    const [port, healthPort] = await Promise.all([freePort(), freePort()]);
    app = await startApp({
      env: { APP_ROLE: 'worker', PORT: String(port), WORKER_HEALTH_PORT: String(healthPort), WORKER_MAX_LIFETIME_S: '3' },
      readyPath: '/health',
    });
    const health = await fetch(`http://127.0.0.1:${healthPort}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'up', queues: 'up' } });
    expect((await fetch(`http://127.0.0.1:${healthPort}/api/v1/auth/me`)).status).toBe(404);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.logs()).toContain('recycling worker');
  });

  it('drains and exits 0 on SIGTERM in the web role', async () => {
    app = await startApp({ env: { APP_ROLE: 'web' } });
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
    expect(await app.stop()).toEqual({ code: 0, signal: null });
    app = undefined;
  });
});
