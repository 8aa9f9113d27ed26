import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../src/infra/queue/queue-name';
import { FakeOpenAiServer, type FakeReply, type RecordedRequest } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { freePort } from '../support/processes';
import { RealtimeClients, subscribeToUserChannel } from '../support/realtime-client';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Metrics, a chat turn measured end to end, and the admins' queue dashboard, on an `all` process. */
describe('metrics and the queue dashboard', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let metricsUrl: string;
  let admin: Session;
  let member: Session;
  const clients = new RealtimeClients();
  /** How the fake model answers: slowly while a test needs an answer still streaming, or failing. */
  const model = { chunkDelayMs: 0, failing: false };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({
      defaultReply: (request: RecordedRequest): FakeReply | string => {
        if (model.failing) return { status: 401 };
        const reply = pipelineReply(request);
        return reply === FAKE_ANSWER ? { text: reply, delayMs: model.chunkDelayMs } : reply;
      },
    });
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    app = await startWebApp(
      env.config({ APP_ROLE: 'all', METRICS_PORT: String(metricsPort), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' }),
    );
    admin = await registerUser(app, 'admin@example.com');
    member = await registerUser(app, 'member@example.com');
    // Memory extraction runs on the offline heuristics: no model call of its own during a turn.
    for (const session of [admin, member]) {
      const bound = await app.request('/api/v1/settings/models', { method: 'PUT', token: session.accessToken, json: { scope: 'user', bindings: { MEM: 'offline:basic' } } });
      expect(bound.status).toBe(200);
    }
  });
  afterAll(async () => {
    clients.closeAll();
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return parseExposition(await response.text());
  };
  const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
    samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
  /** Waits until the sample exists and `holds`, and returns its value. */
  const metricWhen = async (name: string, labels: Record<string, string>, holds: (value: number) => boolean): Promise<number> =>
    waitFor(
      async () => {
        const value = valueOf(await scrape(), name, labels);
        return value !== undefined && holds(value) ? { value } : undefined;
      },
      { what: `${name}${JSON.stringify(labels)}` },
    ).then(({ value }) => value);
  const send = async (session: Session, message: string, until: (event: SseEvent) => boolean = isTerminal): Promise<SseEvent[]> => {
    const response = await app.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: { message } });
    expect(response.status).toBe(200);
    return readSse(response, until);
  };

  describe('the metrics endpoint', () => {
    it('serves the Prometheus text format on its own port, with Node process metrics, and nothing on the public port', async () => {
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('# TYPE switchboard_http_request_duration_seconds histogram');
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);

      expect((await fetch(metricsUrl.replace('/metrics', '/elsewhere'))).status).toBe(404);
      expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
      const publicPort = await app.request('/metrics');
      expect(await publicPort.text()).not.toContain('switchboard_');
    });

    it('labels requests by route pattern and status class, never by the path called', async () => {
      const unknown = await app.request('/api/v1/no-such-thing-7f3a9', { token: admin.accessToken });
      expect(unknown.status).toBe(404);
      const me = await app.request('/api/v1/auth/me', { token: admin.accessToken });
      expect(me.status).toBe(200);

      const samples = await scrape();
      expect(valueOf(samples, 'switchboard_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/auth/me', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'switchboard_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'switchboard_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/auth/register', status_class: '2xx' })).toBe(2);
      expect(samples.some((sample) => Object.values(sample.labels).some((value) => value.includes('7f3a9')))).toBe(false);
    });
  });

  describe('a chat turn', () => {
    it('counts its server-sent event stream as open while the answer streams, and closed after', async () => {
      model.chunkDelayMs = 200;
      const response = await app.request('/api/v1/messages/stream', { method: 'POST', token: admin.accessToken, json: { message: 'Hello there, how are you?' } });
      try {
        // A copy of the stream read up to the first chunk: the answer goes on streaming to the original.
        const untilFirstChunk = await readSse(response.clone(), (event) => event.event === 'chunk');
        expect(untilFirstChunk.at(-1)?.event).toBe('chunk');
        expect(valueOf(await scrape(), 'switchboard_sse_streams_open')).toBeGreaterThanOrEqual(1);
      } finally {
        model.chunkDelayMs = 0;
      }
      expect((await readSse(response, isTerminal)).at(-1)?.event).toBe('complete');
      await metricWhen('switchboard_sse_streams_open', {}, (open) => open === 0);
    });

    it('times the pipeline phases, the job and the request, and counts the tokens the provider reported', async () => {
      const events = await send(admin, 'Summarize the city council notes and then translate them: the council approved the park budget on Monday.');
      expect(events.map((event) => event.event)).toContain('plan');
      expect(events.at(-1)?.event).toBe('complete');

      const job = { queue: 'async_ai_high', job: 'chat.process-message' };
      await metricWhen('switchboard_job_duration_seconds_count', { ...job, outcome: 'completed' }, (count) => count >= 2);
      const samples = await scrape();
      expect(valueOf(samples, 'switchboard_job_wait_seconds_count', job)).toBeGreaterThanOrEqual(2);
      for (const phase of ['classify', 'plan', 'execute', 'first_token', 'answer']) {
        expect(valueOf(samples, 'switchboard_pipeline_phase_seconds_count', { phase }), phase).toBeGreaterThanOrEqual(1);
        expect(valueOf(samples, 'switchboard_pipeline_phase_seconds_sum', { phase }), phase).toBeGreaterThan(0);
      }
      // Every answer's first token comes before its end.
      expect(valueOf(samples, 'switchboard_pipeline_phase_seconds_sum', { phase: 'first_token' })).toBeLessThan(valueOf(samples, 'switchboard_pipeline_phase_seconds_sum', { phase: 'answer' }) ?? 0);
      expect(valueOf(samples, 'switchboard_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/messages/stream', status_class: '2xx' })).toBeGreaterThanOrEqual(2);
      for (const kind of ['input', 'output']) {
        expect(valueOf(samples, 'switchboard_provider_tokens_total', { provider: 'openai', model: 'fake-chat', kind }), kind).toBeGreaterThan(0);
      }
    });

    it('counts a provider failure by provider and error code', async () => {
      const before = valueOf(await scrape(), 'switchboard_provider_errors_total', { provider: 'openai', code: 'PROVIDER_AUTH' }) ?? 0;
      model.failing = true;
      try {
        expect((await send(member, 'Hello, are you there?')).at(-1)?.event).toBe('error');
      } finally {
        model.failing = false;
      }
      expect(valueOf(await scrape(), 'switchboard_provider_errors_total', { provider: 'openai', code: 'PROVIDER_AUTH' })).toBeGreaterThan(before);
    });

    it('reports the jobs in every queue by state', async () => {
      const samples = await scrape();
      for (const queue of QUEUE_NAMES) {
        for (const state of ['waiting', 'prioritized', 'active', 'delayed', 'failed']) {
          const count = valueOf(samples, 'switchboard_queue_jobs', { queue, state });
          expect(count, `${queue} ${state}`).toBeDefined();
          expect(Number.isInteger(count) && (count ?? -1) >= 0, `${queue} ${state}: ${count}`).toBe(true);
        }
      }
    });
  });

  it('counts realtime connections while they are open', async () => {
    const before = valueOf(await scrape(), 'switchboard_realtime_connections_open') ?? 0;
    const client = await subscribeToUserChannel(app, member, clients);
    await metricWhen('switchboard_realtime_connections_open', {}, (open) => open === before + 1);
    client.socket.close();
    await metricWhen('switchboard_realtime_connections_open', {}, (open) => open === before);
  });

  it('serves a worker its own metrics on its own port, with the queues it consumes', async () => {
    const port = await freePort();
    const worker = await startWorkerApp(env.config({ APP_ROLE: 'worker', METRICS_PORT: String(port) }));
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      const samples = parseExposition(await response.text());
      expect(valueOf(samples, 'switchboard_queue_jobs', { queue: 'async_index', state: 'waiting' })).toBeDefined();
      expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      // Its own registry: none of the web process's requests.
      expect(samples.some((sample) => sample.name.startsWith('switchboard_http_request_duration_seconds'))).toBe(false);
    } finally {
      await worker.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  describe('the queue dashboard', () => {
    const dashboard = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => app.request(`/api/admin/queues${path}`, init);
    const openDashboard = async (session: Session): Promise<Response> => app.request('/api/v1/admin/queue-dashboard/session', { method: 'POST', token: session.accessToken });
    const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;

    it('refuses anonymous callers with 401, whatever they forge', async () => {
      for (const path of ['/', '/api/queues', '/static/js/nothing.js']) {
        const response = await dashboard(path);
        expect(response.status, path).toBe(401);
        expect(await errorCode(response)).toBe('UNAUTHENTICATED');
      }
      expect((await dashboard('/api/queues', { headers: { cookie: 'sb_queue_dashboard=forged.pass.value' } })).status).toBe(401);
      // An access token is no pass.
      expect((await dashboard('/api/queues', { headers: { cookie: `sb_queue_dashboard=${admin.accessToken}` } })).status).toBe(401);
      expect((await openDashboard({ ...admin, accessToken: 'nope' })).status).toBe(401);
    });

    it('refuses signed-in members with 403, and gives them no pass', async () => {
      const response = await dashboard('/api/queues', { token: member.accessToken });
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('FORBIDDEN');
      const pass = await openDashboard(member);
      expect(pass.status).toBe(403);
      expect(pass.headers.get('set-cookie')).toBeNull();
    });

    it("opens for an admin's browser with a short-lived cookie scoped to the dashboard, read-only", async () => {
      const opened = await openDashboard(admin);
      expect(opened.status).toBe(200);
      const body = (await opened.json()) as { url: string; expiresIn: number };
      expect(body).toEqual({ url: '/api/admin/queues/', expiresIn: 900 });
      const setCookie = opened.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^sb_queue_dashboard=[\w-]+\.[\w-]+\.[\w-]+; /);
      expect(setCookie).toContain('Path=/api/admin/queues');
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      const cookie = setCookie.split(';', 1)[0];

      const page = await dashboard('/', { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<base href="/api/admin/queues/"');
      expect(html).not.toContain('fonts.googleapis.com');
      // bull-board finds its assets through <base href> and sets inline styles; scripts stay same-origin only.
      expect(page.headers.get('content-security-policy')).toContain("base-uri 'self'");
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");

      const api = await dashboard('/api/queues', { headers: { cookie } });
      expect(api.status).toBe(200);
      const { queues } = (await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }> };
      expect(queues.map((queue) => queue.name).sort()).toEqual([...QUEUE_NAMES].sort());
      expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);
      expect(queues.find((queue) => queue.name === 'async_ai_high')?.counts.completed).toBeGreaterThanOrEqual(1);

      const pause = await dashboard('/api/queues/async_ai_high/pause', { method: 'PUT', headers: { cookie } });
      expect(pause.status).toBe(405);
      expect(await errorCode(pause)).toBe('METHOD_NOT_ALLOWED');

      // Scripts may read it with the admin's access token instead.
      expect((await dashboard('/api/queues', { token: admin.accessToken })).status).toBe(200);
    });
  });
});
