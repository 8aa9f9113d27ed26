import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for';
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

  it('logs where it listens and one line per API request with its request id, never health probes or SQL', async () => {
    app = await startApp({ env: { APP_ROLE: 'web', LOG_LEVEL: 'info' } });
    const port = new URL(app.baseUrl).port;
    // startApp polled /api/health until it answered; a few more probes for good measure.
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
    const traced = await fetch(`${app.baseUrl}/api/v1/auth/me`, { headers: { 'x-request-id': 'e2e-trace-7' } });
    expect(traced.status).toBe(401);
    expect(traced.headers.get('x-request-id')).toBe('e2e-trace-7');

    // The access line is written when the response finishes; stdout may reach us a moment later.
    const running = app;
    await waitFor(() => running.logs().includes('"id":"e2e-trace-7"'), { what: 'the access line of the traced request' });
    const logs = app.logs();
    expect(logs).toContain(`listening on http://0.0.0.0:${port}`);
    expect(logs).toMatch(/applied \w+/);
    expect(logs).not.toMatch(/^query:/m);
    const lines = logs.split('\n').filter((line) => line.startsWith('{'));
    const accessLines = lines.filter((line) => line.includes('"msg":"request completed"'));
    expect(accessLines.filter((line) => line.includes('/api/health'))).toEqual([]);
    const traceLines = accessLines.filter((line) => line.includes('e2e-trace-7'));
    expect(traceLines).toHaveLength(1);
    expect(JSON.parse(traceLines[0] ?? '{}')).toMatchObject({ req: { id: 'e2e-trace-7', url: '/api/v1/auth/me' }, res: { statusCode: 401 } });
  });

  it('drains and exits 0 on SIGTERM in the web role', async () => {
    app = await startApp({ env: { APP_ROLE: 'web' } });
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
    expect(await app.stop()).toEqual({ code: 0, signal: null });
    app = undefined;
  });
});
