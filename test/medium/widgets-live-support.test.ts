import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { pipelineReply } from '../support/pipeline-replies';
import { RealtimeClients, type RealtimeClient } from '../support/realtime-client';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const SHOP = 'https://shop.example.com';
const SESSION_MESSAGES_PER_MIN = 5;

function newSessionId(): string {
  return `sess_${randomBytes(24).toString('base64url')}`;
}

interface WidgetRow {
  id: string;
  active: boolean;
  allowedDomains: string[];
}

interface SessionRow {
  id: string;
  mode: string;
  unread: number;
  preview: string;
  messageCount: number;
}

/**
 * Widgets and live support on two web nodes and a worker sharing MariaDB and Redis: visitors on an
 * allowed site chat with the AI, the owner follows and takes over from either node, and every
 * channel is held to who may follow it.
 */
describe('widgets and live support across two web nodes', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let worker: INestApplicationContext;
  let owner: Session;
  let stranger: Session;
  let widget: WidgetRow;
  const clients = new RealtimeClients();

  const visitorHeaders = (sessionId: string, origin = SHOP): Record<string, string> => ({ origin, 'x-widget-session': sessionId });
  const send = (node: RunningWebApp, sessionId: string, message: string, widgetId = widget.id): Promise<Response> =>
    node.request(`/api/v1/widget/${widgetId}/message`, { method: 'POST', json: { message, pageUrl: `${SHOP}/pricing` }, headers: visitorHeaders(sessionId) });
  const createWidget = async (session: Session, body: Record<string, unknown>): Promise<WidgetRow> => {
    const response = await nodeA.request('/api/v1/widgets', { method: 'POST', token: session.accessToken, json: body });
    expect(response.status).toBe(201);
    return (await response.json()) as WidgetRow;
  };
  /** A visitor who has written once (the AI answered): their session exists. */
  const startedVisitor = async (node = nodeA): Promise<string> => {
    const sessionId = newSessionId();
    const events = await readSse(await send(node, sessionId, 'Hello there'), isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return sessionId;
  };
  const visitorSocket = async (node: RunningWebApp, sessionId: string, widgetId = widget.id): Promise<RealtimeClient> => {
    const response = await node.request(`/api/v1/realtime/widget/${widgetId}/sessions/${sessionId}/token`, { method: 'POST', headers: visitorHeaders(sessionId) });
    expect(response.status).toBe(200);
    return clients.connect(node.baseUrl, ((await response.json()) as { token: string }).token, SHOP);
  };
  const visitorSubscription = (node: RunningWebApp, sessionId: string, channel: string, widgetId = widget.id): Promise<Response> =>
    node.request('/api/v1/realtime/subscribe', { method: 'POST', json: { channel, widgetId, sessionId }, headers: visitorHeaders(sessionId) });
  const subscribeVisitor = async (client: RealtimeClient, node: RunningWebApp, sessionId: string, channel: string): Promise<void> => {
    const response = await visitorSubscription(node, sessionId, channel);
    expect(response.status).toBe(200);
    expect(await client.send('subscribe', { channel, token: ((await response.json()) as { token: string }).token })).toMatchObject({ ok: true });
  };
  const operatorSocket = async (node: RunningWebApp, session: Session, channels: string[]): Promise<RealtimeClient> => {
    const connection = await node.request('/api/v1/realtime/token', { method: 'POST', token: session.accessToken });
    const client = await clients.connect(node.baseUrl, ((await connection.json()) as { token: string }).token);
    for (const channel of channels) {
      const response = await node.request('/api/v1/realtime/subscribe', { method: 'POST', token: session.accessToken, json: { channel } });
      expect(response.status).toBe(200);
      expect(await client.send('subscribe', { channel, token: ((await response.json()) as { token: string }).token })).toMatchObject({ ok: true });
    }
    return client;
  };
  const ownerPost = (node: RunningWebApp, sessionId: string, action: string, json?: unknown): Promise<Response> =>
    node.request(`/api/v1/widgets/${widget.id}/sessions/${sessionId}/${action}`, { method: 'POST', token: owner.accessToken, json });
  /** The streamed chat completions the model was asked for (the sorter's calls are not streamed). */
  const answersAsked = (): Array<{ body: Record<string, unknown> }> => openai.requests.filter((request) => request.body.stream === true);
  const sessionOf = async (sessionId: string): Promise<SessionRow | undefined> => {
    const response = await nodeB.request(`/api/v1/widgets/${widget.id}/sessions`, { token: owner.accessToken });
    return ((await response.json()) as SessionRow[]).find((row) => row.id === sessionId);
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({ defaultReply: pipelineReply });
    const ai = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' };
    const web = env.config({ APP_ROLE: 'web', ...ai, WIDGET_SESSION_MESSAGES_PER_MIN: String(SESSION_MESSAGES_PER_MIN) });
    [nodeA, nodeB, worker] = await Promise.all([startWebApp(web), startWebApp(web), startWorkerApp(env.config({ APP_ROLE: 'worker', ...ai }))]);
    [owner, stranger] = await Promise.all([registerUser(nodeA, 'owner@example.com', { name: 'Olivia' }), registerUser(nodeA, 'stranger@example.com')]);
    widget = await createWidget(owner, { name: 'Shop', allowedDomains: ['shop.example.com', '*.shop-preview.example.net'] });
  });
  afterEach(() => {
    clients.closeAll();
    openai.reset();
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close(), worker?.close()]);
    await openai?.close();
    await env?.dispose();
  });

  it('keeps widgets to their owner and refuses domains that are not host patterns', async () => {
    const invalid = await nodeA.request('/api/v1/widgets', { method: 'POST', token: owner.accessToken, json: { name: 'x', allowedDomains: ['https://shop.example.com/'] } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');

    expect((await nodeB.request(`/api/v1/widgets/${widget.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await nodeB.request(`/api/v1/widgets/${widget.id}/sessions`, { token: stranger.accessToken })).status).toBe(404);
    const mine = await nodeB.request('/api/v1/widgets', { token: owner.accessToken });
    expect(((await mine.json()) as WidgetRow[]).map((row) => row.id)).toEqual([widget.id]);
  });

  it('serves allowed pages with CORS headers, and nothing to other sites', async () => {
    const allowed = await nodeA.request(`/api/v1/widget/${widget.id}/config`, { headers: { origin: 'https://eu.shop-preview.example.net' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://eu.shop-preview.example.net');
    expect(await allowed.json()).toMatchObject({ id: widget.id, active: true, config: { title: expect.any(String) }, operatorsOnline: false });

    const preflight = await nodeB.request(`/api/v1/widget/${widget.id}/message`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-widget-session' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Widget-Session/i);

    for (const origin of ['https://evil.example', 'https://shop.example.com.evil.example', 'https://shop-preview.example.net']) {
      const refused = await nodeA.request(`/api/v1/widget/${widget.id}/config`, { headers: { origin } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
    }
    expect((await send(nodeA, 'sess_short', 'hi')).status).toBe(400);
  });

  it('answers a visitor with a streamed answer and shows the session to its owner, unread', async () => {
    const sessionId = newSessionId();
    const answer = await send(nodeB, sessionId, 'What are your opening hours?');
    // The page on the owner's site may read the stream.
    expect(answer.headers.get('access-control-allow-origin')).toBe(SHOP);
    const events = await readSse(answer, isTerminal);

    expect(events.map((event) => event.event)).toContain('chunk');
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    await waitFor(async () => (await sessionOf(sessionId))?.messageCount === 2, { what: 'the answer to be counted on the session' });
    expect(await sessionOf(sessionId)).toMatchObject({ mode: 'ai', unread: 1, pageUrl: `${SHOP}/pricing` });

    const transcript = await nodeA.request(`/api/v1/widget/${widget.id}/messages`, { headers: visitorHeaders(sessionId) });
    const { messages } = (await transcript.json()) as { messages: Array<{ role: string; status?: string }> };
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['visitor', undefined],
      ['ai', 'complete'],
    ]);
    // The owner's chat list is theirs; visitors' conversations live in live support.
    const chats = await nodeA.request('/api/v1/chats', { token: owner.accessToken });
    expect(await chats.json()).toEqual([]);
  });

  it('holds visitor, owner and channel apart in realtime', async () => {
    const sessionId = await startedVisitor();
    const otherSession = await startedVisitor();
    const otherWidget = await createWidget(stranger, { name: 'Other', allowedDomains: ['shop.example.com'] });
    const channelOf = (sid: string, wid = widget.id): string => `widget:session.${wid}.${sid}`;

    // Visitors: their own session only, and only sessions that exist; their page may read the token.
    const preflight = await nodeA.request('/api/v1/realtime/subscribe', { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    const own = await visitorSubscription(nodeA, sessionId, channelOf(sessionId));
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect((await visitorSubscription(nodeA, sessionId, channelOf(otherSession))).status).toBe(403);
    expect((await visitorSubscription(nodeA, sessionId, `widget:operators.${widget.id}`)).status).toBe(403);
    expect((await visitorSubscription(nodeA, sessionId, `user:${owner.user.id}`)).status).toBe(403);
    const unknown = newSessionId();
    const refusals = await Promise.all([
      nodeB.request(`/api/v1/realtime/widget/${widget.id}/sessions/${unknown}/token`, { method: 'POST', headers: visitorHeaders(unknown) }),
      nodeB.request(`/api/v1/realtime/widget/${otherWidget.id}/sessions/${sessionId}/token`, { method: 'POST', headers: visitorHeaders(sessionId) }),
      nodeB.request(`/api/v1/realtime/widget/${widget.id}/sessions/${otherSession}/token`, { method: 'POST', headers: visitorHeaders(sessionId) }),
    ]);
    expect(refusals.map((response) => response.status)).toEqual([404, 404, 404]);
    const foreignPage = await nodeB.request(`/api/v1/realtime/widget/${widget.id}/sessions/${sessionId}/token`, { method: 'POST', headers: visitorHeaders(sessionId, 'https://evil.example') });
    expect(foreignPage.status).toBe(403);

    // Owners: their widgets' channels only.
    const subscribe = (session: Session, channel: string): Promise<Response> => nodeB.request('/api/v1/realtime/subscribe', { method: 'POST', token: session.accessToken, json: { channel } });
    expect((await subscribe(owner, channelOf(sessionId))).status).toBe(200);
    expect((await subscribe(owner, `widget:operators.${widget.id}`)).status).toBe(200);
    expect((await subscribe(owner, `widget:operators.${otherWidget.id}`)).status).toBe(403);
    expect((await subscribe(stranger, channelOf(sessionId))).status).toBe(403);
    expect((await subscribe(stranger, `widgettyping:${widget.id}.${sessionId}`)).status).toBe(403);

    // A visitor's token works from the page it was minted for, not from another site.
    const token = await nodeA.request(`/api/v1/realtime/widget/${widget.id}/sessions/${sessionId}/token`, { method: 'POST', headers: visitorHeaders(sessionId) });
    const connectionToken = ((await token.json()) as { token: string }).token;
    expect(await clients.refusal(nodeB.baseUrl, { token: connectionToken }, 'https://evil.example')).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
  });

  it('stops the AI when an operator takes over, keeps its partial answer, and lets the operator and visitor talk live until handback', async () => {
    const sessionId = await startedVisitor();
    const session = `widget:session.${widget.id}.${sessionId}`;
    const typing = `widgettyping:${widget.id}.${sessionId}`;
    const visitor = await visitorSocket(nodeA, sessionId);
    await subscribeVisitor(visitor, nodeA, sessionId, session);
    await subscribeVisitor(visitor, nodeA, sessionId, typing);
    const operator = await operatorSocket(nodeB, owner, [session, typing, `widget:operators.${widget.id}`]);

    // A slow answer, taken over after its first words.
    openai.script({ text: 'One two three four five six seven eight nine ten eleven twelve', delayMs: 150 });
    const answer = await send(nodeA, sessionId, 'Tell me everything');
    const events = readSse(answer, isTerminal);
    await waitFor(() => operator.publications.some((publication) => publication.channel === session && publication.type === 'answer'), { what: 'the operator to see the answer start' });
    await waitFor(() => answersAsked().some((request) => JSON.stringify(request.body).includes('Tell me everything')), { what: 'the model to be asked for the answer' });
    const takeover = await ownerPost(nodeB, sessionId, 'takeover');
    expect(takeover.status).toBe(200);
    expect(await takeover.json()).toMatchObject({ mode: 'human', operatorName: 'Olivia' });

    const streamed = await events;
    expect(streamed.at(-1)).toMatchObject({ event: 'complete', data: { status: 'stopped' } });
    const partial = streamed.filter((event) => event.event === 'chunk').map((event) => (event.data as { text: string }).text).join('');
    expect(partial.length).toBeLessThan('One two three four five six seven eight nine ten eleven twelve'.length);
    await waitFor(() => visitor.publications.some((publication) => publication.type === 'takeover'), { what: 'the visitor to hear of the takeover' });

    // While a person has it, the AI does not answer.
    const requestsBefore = answersAsked().length;
    const held = await send(nodeB, sessionId, 'Are you a person?');
    expect(held.status).toBe(202);
    expect(await held.json()).toMatchObject({ mode: 'human', message: { role: 'visitor', text: 'Are you a person?' } });
    await waitFor(() => operator.publications.some((publication) => publication.type === 'notification' && (publication.data as { preview: string }).preview === 'Are you a person?'), {
      what: 'the operator to be notified',
    });

    // Typing: the operator sees the visitor's draft, the visitor only that someone types.
    expect(await visitor.send('publish', { channel: typing, type: 'typing', data: { text: 'Thanks' } })).toEqual({ ok: true });
    expect(await operator.send('publish', { channel: typing, type: 'typing', data: { text: 'Yes, I am' } })).toEqual({ ok: true });
    expect((await operator.received(typing, 1)).map((publication) => publication.data)).toEqual([{ text: 'Thanks', from: 'visitor' }]);
    expect(await operator.send('publish', { channel: typing, type: 'typing', data: { text: '' } })).toEqual({ ok: true });
    expect((await visitor.received(typing, 2)).map((publication) => publication.data)).toEqual([{ from: 'user' }, { from: 'user', text: '' }]);

    const reply = await ownerPost(nodeA, sessionId, 'reply', { text: 'Yes, I am Olivia.' });
    expect(reply.status).toBe(201);
    await waitFor(() => visitor.publications.some((publication) => publication.type === 'message' && (publication.data as { role: string }).role === 'operator'), {
      what: 'the visitor to receive the reply live',
    });
    expect(answersAsked().length).toBe(requestsBefore);

    expect((await ownerPost(nodeA, sessionId, 'handback')).status).toBe(200);
    const again = await readSse(await send(nodeA, sessionId, 'Back to the bot'), isTerminal);
    expect(again.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    expect(answersAsked().length).toBeGreaterThan(requestsBefore);

    const transcript = await nodeB.request(`/api/v1/widgets/${widget.id}/sessions/${sessionId}/messages`, { token: owner.accessToken });
    const { messages, session: row } = (await transcript.json()) as { messages: Array<{ role: string; status?: string }>; session: SessionRow };
    expect(messages.map((message) => message.role)).toEqual(['visitor', 'ai', 'visitor', 'ai', 'system', 'visitor', 'operator', 'system', 'visitor', 'ai']);
    expect(messages[3]).toMatchObject({ status: 'stopped' });
    expect(row).toMatchObject({ mode: 'ai', unread: 0 });
  });

  it('recovers the publications a visitor missed while reconnected to the other node', async () => {
    const sessionId = await startedVisitor();
    const channel = `widget:session.${widget.id}.${sessionId}`;
    const first = await visitorSocket(nodeA, sessionId);
    await subscribeVisitor(first, nodeA, sessionId, channel);
    expect((await ownerPost(nodeA, sessionId, 'takeover')).status).toBe(200);
    const seen = await first.received(channel, 2);
    const lastSeen = Math.max(...seen.map((publication) => publication.offset));
    first.socket.disconnect();

    expect((await ownerPost(nodeB, sessionId, 'reply', { text: 'Still there?' })).status).toBe(201);
    const second = await visitorSocket(nodeB, sessionId);
    const token = ((await (await visitorSubscription(nodeB, sessionId, channel)).json()) as { token: string }).token;
    const ack = (await second.send('subscribe', { channel, token, since: lastSeen })) as { ok: boolean; recovered: boolean; publications: Array<{ offset: number; type: string; data: { text?: string } }> };

    expect(ack).toMatchObject({ ok: true, recovered: true });
    expect(ack.publications.map((publication) => publication.offset)).toEqual(ack.publications.map((_, index) => lastSeen + 1 + index));
    expect(ack.publications.some((publication) => publication.type === 'message' && publication.data.text === 'Still there?')).toBe(true);
  });

  it('lets a visitor ask for a person: the AI stops answering and the owner is notified', async () => {
    const sessionId = await startedVisitor();
    const operator = await operatorSocket(nodeA, owner, [`widget:operators.${widget.id}`]);

    const handoff = await nodeB.request(`/api/v1/widget/${widget.id}/human-handoff`, { method: 'POST', headers: visitorHeaders(sessionId) });
    expect(await handoff.json()).toEqual({ mode: 'waiting' });
    await waitFor(() => operator.publications.some((publication) => publication.type === 'notification' && (publication.data as { kind: string }).kind === 'handoff'), {
      what: 'the handoff notification',
    });
    expect((await send(nodeA, sessionId, 'Hello?')).status).toBe(202);
    expect((await ownerPost(nodeA, sessionId, 'reply', { text: 'too early' })).status).toBe(409);
    const unknown = await nodeB.request(`/api/v1/widget/${widget.id}/human-handoff`, { method: 'POST', headers: visitorHeaders(newSessionId()) });
    expect(unknown.status).toBe(404);
  });

  it('limits messages per session, telling the visitor in words when to retry', async () => {
    const sessionId = newSessionId();
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let sent = 0; sent <= SESSION_MESSAGES_PER_MIN; sent++) {
      const response = await send(nodeA, sessionId, `message ${sent}`);
      statuses.push(response.status);
      if (response.status === 429) refusal = response;
      else await readSse(response, isTerminal);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(refusal?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refusal?.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/Please wait \d+ (second|minute)s? and try again/) });
  });

  it('tells visitors of an inactive widget nothing but that, and refuses their messages', async () => {
    const paused = await createWidget(owner, { name: 'Paused', allowedDomains: ['shop.example.com'], active: false });
    const config = await nodeA.request(`/api/v1/widget/${paused.id}/config`, { headers: { origin: SHOP } });
    expect(await config.json()).toEqual({ id: paused.id, active: false });
    const refused = await send(nodeB, newSessionId(), 'hello', paused.id);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('WIDGET_INACTIVE');
  });
});
