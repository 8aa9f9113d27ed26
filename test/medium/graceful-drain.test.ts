import { request as httpRequest, Agent, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { ProcessLifecycle } from '../../src/common/lifecycle/process-lifecycle';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { QueueName } from '../../src/infra/queue/queue-name';
import { drainAndClose } from '../../src/roles/graceful-shutdown';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { RealtimeClients, subscribeToUserChannel } from '../support/realtime-client';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

/** Long enough, at 40 ms a word, to be mid-answer while the node drains. */
const SLOW_ANSWER = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
const DRAIN_DELAY_MS = 600;
/** Far below Fastify's 72 s keep-alive timeout, which an idle kept-alive connection would hold the close for. */
const CLOSE_BOUND_MS = 10_000;

/**
 * SIGTERM on a web node (src/roles/graceful-shutdown.ts): it reports draining at once and keeps
 * serving for the drain delay, then its streams end so clients resume on another node without
 * losing or repeating an event, sockets close so clients reconnect elsewhere, a request in flight
 * is answered, and the close does not wait on kept-alive connections.
 */
describe('draining a web node', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let worker: INestApplicationContext | undefined;
  let overrides: Record<string, string>;
  let draining: RunningWebApp;
  let other: RunningWebApp;
  let session: Session;
  const clients = new RealtimeClients();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({
      defaultReply: (request) => {
        const reply = pipelineReply(request);
        return reply === FAKE_ANSWER ? { text: SLOW_ANSWER, delayMs: 40 } : reply;
      },
    });
    overrides = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' };
    worker = await startWorkerApp(env.config({ ...overrides, APP_ROLE: 'worker' }));
    [draining, other] = await Promise.all([startWebApp(env.config({ ...overrides, APP_ROLE: 'web' })), startWebApp(env.config({ ...overrides, APP_ROLE: 'web' }))]);
    session = await registerUser(other, 'drain@example.com');
  });
  afterAll(async () => {
    clients.closeAll();
    await Promise.all([other?.close(), worker?.close()]);
    await openai?.close();
    await env?.dispose();
  });

  it('reports draining at once, serves through the delay, then ends streams and sockets and closes promptly', async () => {
    const token = session.accessToken;
    const socket = await subscribeToUserChannel(draining, session, clients);
    const socketGone = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    const answer = await draining.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Tell me something long' } });
    const seenBeforeDrain: SseEvent[] = [];
    const firstStreamRead = readSse(answer, (event) => {
      seenBeforeDrain.push(event);
      return isTerminal(event);
    });
    await waitFor(() => seenBeforeDrain.some((event) => event.event === 'chunk'), { what: 'the answer to start streaming' });

    const startedAt = Date.now();
    const closed = drainAndClose(draining.app, DRAIN_DELAY_MS);

    const health = await draining.request('/api/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'draining', checks: { database: 'up', redis: 'up' } });
    // Still serving: the load balancer has not taken the node out yet.
    expect((await draining.request('/api/v1/chats', { token })).status).toBe(200);

    // A request arriving on a kept-alive connection just before the close, its body still coming.
    const agent = new Agent({ keepAlive: true });
    const inFlight = startSlowRequest(draining.baseUrl, agent, token);
    await waitFor(() => draining.app.get(ProcessLifecycle).closing.aborted, { what: 'the node to start closing' });
    const inFlightResponse = await inFlight.finish();
    expect(inFlightResponse.statusCode).toBe(201);
    expect(inFlightResponse.headers.connection).toBe('close');

    // The stream ends without a final event; the socket closes as a transport would drop.
    const firstStream = await firstStreamRead;
    expect(firstStream.some(isTerminal)).toBe(false);
    expect(await socketGone).toBe('transport close');

    await closed;
    agent.destroy();
    expect(Date.now() - startedAt).toBeLessThan(CLOSE_BOUND_MS);

    // The client re-attaches elsewhere after the last event it saw, and gets exactly the rest.
    const lastSeen = firstStream.at(-1)?.id;
    const trackId = (firstStream[0]?.data as { trackId: string }).trackId;
    const rest = await readSse(await other.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': lastSeen ?? '' } }), isTerminal);
    const everything = await readSse(await other.request(`/api/v1/messages/stream/${trackId}`, { token }), isTerminal);
    expect([...firstStream, ...rest].map((event) => event.id)).toEqual(everything.map((event) => event.id));
    expect(rest.at(-1)?.event).toBe('complete');
    const text = [...firstStream, ...rest].flatMap((event) => (event.event === 'chunk' ? [(event.data as { text: string }).text] : [])).join('');
    expect(text.trim()).toBe(SLOW_ANSWER);
  });

  it('has a worker shut down mid-answer finish the answer and queue its follow-up work first', async () => {
    await worker?.close();
    worker = undefined;
    const closing = await startWorkerApp(env.config({ ...overrides, APP_ROLE: 'worker' }));
    const answer = await other.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: { message: 'Another long one' } });
    const events: SseEvent[] = [];
    const read = readSse(answer, (event) => {
      events.push(event);
      return isTerminal(event);
    });
    await waitFor(() => events.some((event) => event.event === 'chunk'), { what: 'the answer to start streaming' });

    await drainAndClose(closing, 0);

    expect((await read).at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    const { userMessageId } = events[0]?.data as { userMessageId: string };
    // Queued by the job as it finished (nothing consumes it now that the worker is gone).
    const followUp = await other.app.get(JobQueueService).queue(QueueName.AiHigh).getJob(`memory-extract-${userMessageId}`);
    expect(followUp?.name).toBe('memory.extract');
  });
});

/**
 * A POST (creating a chat) whose headers and first bytes go out now and the rest of whose body
 * goes out later: the request is in flight when the node starts closing.
 */
function startSlowRequest(baseUrl: string, agent: Agent, token: string): { finish: () => Promise<IncomingMessage> } {
  const body = JSON.stringify({ title: 'in flight while the node closes' });
  const request = httpRequest(`${baseUrl}/api/v1/chats`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.on('response', (message) => {
      message.resume();
      message.on('end', () => resolve(message));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 5));
  return {
    finish: () => {
      request.end(body.slice(5));
      return response;
    },
  };
}
