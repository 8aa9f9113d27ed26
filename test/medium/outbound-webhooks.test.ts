import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/modules/webhooks/webhook-signature';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on loopback: it keeps every request as it came (raw body included) and
 * answers each path with the status the test sets (204 unless told otherwise).
 */
class Receiver {
  readonly requests: Received[] = [];
  readonly statusOf = new Map<string, number>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = this.statusOf.get(path) ?? 204;
      res.writeHead(status).end(status >= 300 ? `refused by ${path}` : undefined);
    });
  });

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

/** What the receiver's side does with a delivery, as docs/webhooks.md says to. */
function verify(request: Received, secret: string, nowS?: number) {
  const header = request.headers['x-switchboard-signature'];
  return verifyWebhookSignature({ secret, header: typeof header === 'string' ? header : undefined, body: request.body, ...(nowS === undefined ? {} : { nowS }) });
}

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secret?: string;
}

interface Delivery {
  id: string;
  endpointId: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  response: string | null;
  error: string | null;
  resendOf: string | null;
}

const MAX_ATTEMPTS = 3;

describe('outbound webhooks', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  const receiver = new Receiver();
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // Retries a few milliseconds apart, so a failing receiver runs out of attempts at once.
    app = await startWebApp(env.config({ APP_ROLE: 'all', WEBHOOKS_MAX_ATTEMPTS: String(MAX_ATTEMPTS), WEBHOOKS_RETRY_DELAY_MS: '50' }));
    await receiver.start();
    token = (await registerUser(app, 'owner@example.com')).accessToken;
    otherToken = (await registerUser(app, 'other@example.com')).accessToken;
  });
  afterAll(async () => {
    await app?.close();
    await receiver.stop();
    await env?.dispose();
  });

  const api = async <T>(path: string, init: { method?: string; json?: unknown; token?: string } = {}): Promise<{ status: number; body: T }> => {
    const response = await app.request(`/api/v1${path}`, { method: init.method ?? 'GET', json: init.json, token: init.token ?? token });
    return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as T };
  };
  const createEndpoint = async (path: string, fields: Record<string, unknown> = {}): Promise<Endpoint & { secret: string }> => {
    const { status, body } = await api<Endpoint & { secret: string }>('/webhooks/endpoints', { method: 'POST', json: { url: receiver.url(path), ...fields } });
    expect(status).toBe(201);
    return body;
  };
  const deliveriesOf = async (endpointId: string): Promise<Delivery[]> => (await api<Delivery[]>(`/webhooks/endpoints/${endpointId}/deliveries`)).body;
  const settled = (endpointId: string, deliveryId: string) =>
    waitFor(async () => (await deliveriesOf(endpointId)).find((delivery) => delivery.id === deliveryId && delivery.status !== 'pending'), { what: `delivery ${deliveryId} to settle` });

  it('sends a finished answer, with its generated files, signed with the secret shown once', async () => {
    const endpoint = await createEndpoint('/answers', { description: 'CRM sync' });
    expect(endpoint.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(endpoint.events).toEqual(['message.completed']);
    const listed = (await api<Endpoint[]>('/webhooks/endpoints')).body;
    expect(listed.map((each) => each.id)).toEqual([endpoint.id]);
    expect(listed[0]).not.toHaveProperty('secret');
    expect((await api<Endpoint>(`/webhooks/endpoints/${endpoint.id}`)).body).not.toHaveProperty('secret');

    const stream = await app.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'Summarize the following text and then create a PDF document of the summary: The council met on Monday. It approved the park budget.' },
    });
    const complete = (await readSse(stream, isTerminal)).at(-1);
    expect(complete?.event).toBe('complete');
    const answer = complete?.data as { messageId: string; chatId: string; files: Array<{ id: string; name: string; mime: string; size: number; url: string }> };
    expect(answer.files.length).toBeGreaterThan(0);

    const [request] = await waitFor(() => (receiver.at('/answers').length > 0 ? receiver.at('/answers') : null), { what: 'the answer at the receiver' });
    expect(verify(request, endpoint.secret)).toMatchObject({ ok: true });
    expect(request.headers['x-switchboard-event']).toBe('message.completed');
    expect(request.headers['content-type']).toBe('application/json');
    const event = JSON.parse(request.body) as { id: string; type: string; data: Record<string, unknown> };
    const stored = (await api<{ text: string }>(`/messages/${answer.messageId}`)).body;
    expect(event).toMatchObject({
      type: 'message.completed',
      data: {
        chatId: answer.chatId,
        messageId: answer.messageId,
        channel: 'web',
        status: 'complete',
        text: stored.text,
        error: null,
        files: answer.files.map(({ id, name, mime, size, url }) => ({ id, name, mime, size, url })),
      },
    });

    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ id: request.headers['x-switchboard-delivery'], event: 'message.completed', status: 'delivered', attempts: 1, responseStatus: 204, error: null });
  });

  it('retries a failing receiver, then shows the delivery failed; a resend sends the same payload again', async () => {
    receiver.statusOf.set('/flaky', 500);
    const endpoint = await createEndpoint('/flaky');
    const test = await api<Delivery>(`/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ event: 'ping', status: 'pending', attempts: 0 });

    const failed = await settled(endpoint.id, test.body.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, responseStatus: 500, response: 'refused by /flaky', error: 'The endpoint answered 500.' });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(MAX_ATTEMPTS);
    // Every retry is the same delivery (one id to dedupe on), signed afresh.
    expect(new Set(attempts.map((each) => each.headers['x-switchboard-delivery']))).toEqual(new Set([test.body.id]));
    expect(attempts.every((each) => verify(each, endpoint.secret).ok && each.body === attempts[0].body)).toBe(true);
    expect(JSON.parse(attempts[0].body)).toMatchObject({ type: 'ping', data: { endpointId: endpoint.id } });

    receiver.statusOf.set('/flaky', 200);
    const resend = await api<Delivery>(`/webhooks/deliveries/${test.body.id}/resend`, { method: 'POST' });
    expect(resend.status).toBe(202);
    expect(resend.body).toMatchObject({ event: 'ping', status: 'pending', resendOf: test.body.id });
    expect(await settled(endpoint.id, resend.body.id)).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200, error: null });
    const resent = receiver.at('/flaky').at(-1)!;
    expect(resent.headers['x-switchboard-delivery']).toBe(resend.body.id);
    expect(resent.body).toBe(attempts[0].body);
    expect(verify(resent, endpoint.secret).ok).toBe(true);
  });

  it('gives receivers what they need to refuse forged and replayed deliveries', async () => {
    const endpoint = await createEndpoint('/verify');
    const { body: ping } = await api<Delivery>(`/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    await settled(endpoint.id, ping.id);
    const genuine = receiver.at('/verify')[0];
    const signedAt = verify(genuine, endpoint.secret);
    expect(signedAt.ok).toBe(true);
    const t = signedAt.ok ? signedAt.timestampS : 0;

    expect(verify(genuine, 'whsec_someone-else')).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ ...genuine, body: genuine.body.replace('ping', 'pong') }, endpoint.secret)).toEqual({ ok: false, reason: 'mismatch' });
    // The same bytes sent again later than the tolerance: a replay.
    expect(verify(genuine, endpoint.secret, t + 301)).toEqual({ ok: false, reason: 'expired' });
    // Moving the time forward to look fresh breaks the signature.
    const moved = { ...genuine, headers: { ...genuine.headers, 'x-switchboard-signature': String(genuine.headers['x-switchboard-signature']).replace(`t=${t}`, `t=${t + 301}`) } };
    expect(verify(moved, endpoint.secret, t + 301)).toEqual({ ok: false, reason: 'mismatch' });

    // A rotated secret signs from now on; the old one no longer verifies.
    const rotated = await api<Endpoint & { secret: string }>(`/webhooks/endpoints/${endpoint.id}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const { body: next } = await api<Delivery>(`/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    await settled(endpoint.id, next.id);
    const after = receiver.at('/verify').at(-1)!;
    expect(verify(after, rotated.body.secret).ok).toBe(true);
    expect(verify(after, endpoint.secret).ok).toBe(false);
  });

  it("keeps each user's endpoints and deliveries to themselves", async () => {
    const endpoint = await createEndpoint('/private-to-owner');
    const { body: ping } = await api<Delivery>(`/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    const asOther = { token: otherToken };

    expect((await api<Endpoint[]>('/webhooks/endpoints', asOther)).body).toEqual([]);
    for (const [method, path] of [
      ['GET', `/webhooks/endpoints/${endpoint.id}`],
      ['PATCH', `/webhooks/endpoints/${endpoint.id}`],
      ['DELETE', `/webhooks/endpoints/${endpoint.id}`],
      ['POST', `/webhooks/endpoints/${endpoint.id}/rotate-secret`],
      ['POST', `/webhooks/endpoints/${endpoint.id}/test`],
      ['GET', `/webhooks/endpoints/${endpoint.id}/deliveries`],
      ['POST', `/webhooks/deliveries/${ping.id}/resend`],
    ] as const) {
      const response = await api<{ error: { code: string } }>(path, { method, ...asOther, ...(method === 'PATCH' ? { json: { active: false } } : {}) });
      expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
    }
    expect((await api<Endpoint>(`/webhooks/endpoints/${endpoint.id}`)).body.active).toBe(true);
  });

  it('edits, switches off and deletes an endpoint; a switched-off endpoint is sent nothing', async () => {
    const endpoint = await createEndpoint('/editable');
    const patched = await api<Endpoint & { description: string }>(`/webhooks/endpoints/${endpoint.id}`, { method: 'PATCH', json: { description: 'Renamed', active: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: 'Renamed', active: false, url: endpoint.url });
    expect(patched.body).not.toHaveProperty('secret');
    const test = await api<{ error: { code: string } }>(`/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    expect([test.status, test.body.error.code]).toEqual([409, 'CONFLICT']);

    expect((await api(`/webhooks/endpoints/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
    expect(await env.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = ?', [endpoint.id])).toEqual([]);
  });

  it('refuses URLs that are not http(s), carry credentials or point at metadata services', async () => {
    for (const url of ['ftp://example.com/hook', 'not a url', 'http://user:secret@127.0.0.1:9/hook']) {
      const { status, body } = await api<{ error: { code: string } }>('/webhooks/endpoints', { method: 'POST', json: { url } });
      expect({ url, status, code: body.error.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
    }
    // Loopback receivers are allowed in this suite (APP_ENV=test); link-local never is.
    const metadata = await api<{ error: { code: string; message: string } }>('/webhooks/endpoints', { method: 'POST', json: { url: 'http://169.254.169.254/latest/meta-data' } });
    expect([metadata.status, metadata.body.error.code]).toEqual([400, 'WEBHOOK_TARGET_REFUSED']);
    expect(metadata.body.error.message).toContain('link-local');
  });

  it('holds API keys to the webhooks scope', async () => {
    const created = async (scopes: string[]) => (await api<{ key: string }>('/apikeys', { method: 'POST', json: { name: scopes.join('+'), scopes } })).body.key;
    const chatOnly = await created(['chat']);
    const webhooks = await created(['webhooks']);
    const list = (key: string) => app.request('/api/v1/webhooks/endpoints', { headers: { 'x-api-key': key } });
    expect((await list(chatOnly)).status).toBe(403);
    expect((await list(webhooks)).status).toBe(200);
  });

  it('refuses private and loopback targets where the operator has not allowed them', async () => {
    const strict = await startWebApp(env.config({ APP_ROLE: 'web', OUTBOUND_ALLOW_PRIVATE_TARGETS: 'false' }));
    try {
      for (const url of [receiver.url('/x'), 'http://localhost:8080/', 'http://10.0.0.8/hook', 'http://[::1]:8080/', 'http://[::ffff:192.168.1.1]/']) {
        const response = await strict.request('/api/v1/webhooks/endpoints', { method: 'POST', token, json: { url } });
        const body = (await response.json()) as { error: { code: string } };
        expect({ url, status: response.status, code: body.error.code }).toEqual({ url, status: 400, code: 'WEBHOOK_TARGET_REFUSED' });
      }
    } finally {
      await strict.close();
    }
  });

  it('allows at most 10 endpoints per user', async () => {
    const existing = (await api<Endpoint[]>('/webhooks/endpoints')).body.length;
    for (let i = existing; i < 10; i++) await createEndpoint(`/many-${i}`);
    const { status, body } = await api<{ error: { code: string } }>('/webhooks/endpoints', { method: 'POST', json: { url: receiver.url('/one-too-many') } });
    expect([status, body.error.code]).toEqual([409, 'CONFLICT']);
  });
});
