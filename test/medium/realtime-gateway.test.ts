import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/common/errors/error-code';
import { AppConfig } from '../../src/config/app-config';
import { requireChannel } from '../../src/modules/realtime/channels';
import { RealtimeGateway } from '../../src/modules/realtime/realtime.gateway';
import { RealtimePublisher } from '../../src/modules/realtime/realtime-publisher.service';
import { RealtimeTokens } from '../../src/modules/realtime/realtime-tokens.service';
import type { FrameAck } from '../../src/modules/realtime/gateway-frames';
import type { RealtimeSubject } from '../../src/modules/realtime/realtime.types';
import { RealtimeClients, type RealtimeClient } from '../support/realtime-client';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

/** Above what one test opens for Alice (2) plus what the previous test's closed sockets may still hold a moment. */
const MAX_CONNECTIONS = 5;

/** Whether the app registered the gateway (asked of the module graph: `app.get` would log a miss as an error). */
function runsGateway(app: INestApplicationContext): boolean {
  return [...app.get(ModulesContainer).values()].some((module) => module.providers.has(RealtimeGateway));
}

/** A user that exists only in tokens: for the cases that need a fresh subject, not an account. */
function someUser(): RealtimeSubject {
  return { kind: 'user', userId: randomUUID() };
}

/**
 * The realtime gateway on two web nodes sharing Redis, as behind a load balancer without sticky
 * sessions: a client may connect to either, publications reach it from anywhere, and everything
 * it sends is checked.
 */
describe('realtime gateway across two web nodes', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let worker: INestApplicationContext;
  let tokens: RealtimeTokens;
  let alice: Session;
  let bob: Session;
  const clients = new RealtimeClients();

  const register = (email: string): Promise<Session> => registerUser(nodeA, email, { name: email });
  const connectionToken = async (node: RunningWebApp, session: Session): Promise<string> => {
    const response = await node.request('/api/v1/realtime/token', { method: 'POST', token: session.accessToken });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  const subscriptionToken = async (node: RunningWebApp, session: Session, channel: string): Promise<string> => {
    const response = await node.request('/api/v1/realtime/subscribe', { method: 'POST', token: session.accessToken, json: { channel } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  /** `session` connected to `node` and subscribed to its own user channel. */
  const followOwnChannel = async (node: RunningWebApp, session: Session): Promise<{ client: RealtimeClient; channel: string }> => {
    const client = await clients.connect(node.baseUrl, await connectionToken(node, session));
    const channel = `user:${session.user.id}`;
    expect(await client.send('subscribe', { channel, token: await subscriptionToken(node, session, channel) })).toEqual({ ok: true });
    return { client, channel };
  };
  /** A client of `subject` on `node`, with tokens minted directly (for channels no endpoint opens yet). */
  const connectAs = async (node: RunningWebApp, subject: RealtimeSubject): Promise<RealtimeClient> => clients.connect(node.baseUrl, tokens.mintConnection(subject).token);
  const subscribeAs = (client: RealtimeClient, subject: RealtimeSubject, channel: string): Promise<FrameAck> =>
    client.send('subscribe', { channel, token: tokens.mintSubscription(subject, requireChannel(channel)).token });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = env.config({ APP_ROLE: 'web', REALTIME_MAX_CONNECTIONS_PER_USER: String(MAX_CONNECTIONS) });
    [nodeA, nodeB, worker] = await Promise.all([startWebApp(config), startWebApp(config), startWorkerApp(env.config({ APP_ROLE: 'worker' }))]);
    tokens = nodeA.app.get(RealtimeTokens);
    [alice, bob] = await Promise.all([register('alice@example.com'), register('bob@example.com')]);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close(), worker?.close()]);
    await env?.dispose();
  });

  it('delivers what node A and a worker publish to a subscriber connected to node B', async () => {
    const { client, channel } = await followOwnChannel(nodeB, alice);

    await nodeA.app.get(RealtimePublisher).publish(channel, 'note', { from: 'web' });
    await worker.get(RealtimePublisher).publish(channel, 'note', { from: 'worker' });

    const received = await client.received(channel, 2);
    expect(received.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'note', data: { from: 'web' } },
      { type: 'note', data: { from: 'worker' } },
    ]);
    expect(received[1]?.offset).toBe((received[0]?.offset ?? 0) + 1);
  });

  it('runs the gateway in web nodes only, never in the worker', () => {
    expect([runsGateway(nodeA.app), runsGateway(nodeB.app), runsGateway(worker)]).toEqual([true, true, false]);
  });

  it('refuses forged, expired and wrong-kind tokens at the handshake', async () => {
    const { tokenSecret } = nodeA.app.get(AppConfig).realtime;
    const sub = `user:${alice.user.id}`;
    const forged = new JwtService({ secret: randomBytes(32).toString('hex') }).sign({ sub, kind: 'connection' }, { expiresIn: 60 });
    const expired = new JwtService({ secret: tokenSecret }).sign({ sub, kind: 'connection', exp: Math.floor(Date.now() / 1000) - 10 });
    const subscription = await subscriptionToken(nodeA, alice, sub);

    expect(await clients.refusal(nodeA.baseUrl, { token: forged })).toEqual({ code: 'TOKEN_INVALID', message: expect.any(String) });
    expect(await clients.refusal(nodeB.baseUrl, { token: expired })).toEqual({ code: 'TOKEN_EXPIRED', message: expect.any(String) });
    expect(await clients.refusal(nodeA.baseUrl, { token: alice.accessToken })).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await clients.refusal(nodeB.baseUrl, { token: subscription })).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await clients.refusal(nodeA.baseUrl, { token: { alg: 'none' } })).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await clients.refusal(nodeA.baseUrl, {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("refuses a user's browser from an origin not in REALTIME_ALLOWED_ORIGINS", async () => {
    const token = await connectionToken(nodeA, alice);

    expect(await clients.refusal(nodeA.baseUrl, { token }, 'https://evil.example')).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    const allowed = await clients.connect(nodeA.baseUrl, token, 'http://localhost:3000');
    expect(allowed.socket.connected).toBe(true);
  });

  it("refuses in the ack a subscription token for another user's channel, or for another channel", async () => {
    const { client, channel: ownChannel } = await followOwnChannel(nodeA, alice);
    const bobsChannel = `user:${bob.user.id}`;

    const foreign = await client.send('subscribe', { channel: bobsChannel, token: await subscriptionToken(nodeA, bob, bobsChannel) });
    const misdirected = await client.send('subscribe', { channel: 'system:status', token: await subscriptionToken(nodeA, alice, ownChannel) });
    const forgedForBob = await client.send('subscribe', { channel: bobsChannel, token: tokens.mintSubscription({ kind: 'user', userId: alice.user.id }, requireChannel(ownChannel)).token });

    for (const ack of [foreign, misdirected, forgedForBob]) expect(ack).toMatchObject({ ok: false, error: { code: 'TOKEN_INVALID' } });
    // Nothing of Bob's reaches Alice: his publication goes out before hers, and only hers arrives.
    const publisher = nodeB.app.get(RealtimePublisher);
    await publisher.publish(bobsChannel, 'note', { for: 'bob' });
    await publisher.publish(ownChannel, 'note', { for: 'alice' });
    await client.received(ownChannel, 1);
    expect(client.publications.map((publication) => publication.data)).toEqual([{ for: 'alice' }]);
  });

  it('recovers exactly the publications missed while away, on the other node', async () => {
    const { client: first, channel } = await followOwnChannel(nodeA, alice);
    const publisher = nodeA.app.get(RealtimePublisher);
    await publisher.publish(channel, 'note', { n: 0 });
    const [seen] = await first.received(channel, 1);
    first.socket.close();

    for (const n of [1, 2, 3]) await publisher.publish(channel, 'note', { n });

    const second = await clients.connect(nodeB.baseUrl, await connectionToken(nodeB, alice));
    const ack = await second.send('subscribe', { channel, token: await subscriptionToken(nodeB, alice, channel), since: seen?.offset });
    expect(ack).toMatchObject({ ok: true, recovered: true });
    const recovered = 'publications' in ack ? ack.publications : [];
    expect(recovered.map(({ channel: name, type, data }) => ({ name, type, data }))).toEqual([1, 2, 3].map((n) => ({ name: channel, type: 'note', data: { n } })));
    expect(recovered.map((publication) => publication.offset)).toEqual([1, 2, 3].map((n) => (seen?.offset ?? 0) + n));

    // And it is live again from there.
    await publisher.publish(channel, 'note', { n: 4 });
    expect((await second.received(channel, 1))[0]?.data).toEqual({ n: 4 });
  });

  it('answers malformed frames with ok:false and keeps the connection usable', async () => {
    const client = await clients.connect(nodeB.baseUrl, await connectionToken(nodeB, alice));
    const channel = `user:${alice.user.id}`;

    const refusals = [
      await client.send('subscribe', 'user:me'),
      await client.send('subscribe', [channel, 'token']),
      await client.send('subscribe', null),
      await client.send('subscribe'),
      await client.send('subscribe', { channel: 'x'.repeat(5_000), token: 't' }),
      await client.send('subscribe', { channel, token: 'x'.repeat(10_000) }),
      await client.send('subscribe', { channel: 'nowhere:at-all', token: 't' }),
      await client.send('subscribe', { channel, token: 't', admin: true }),
      await client.send('subscribe', { channel, token: 't', since: -1 }),
      await client.send('unsubscribe', { channel: 42 }),
      await client.send('shout', { channel }),
    ];

    for (const ack of refusals) expect(ack).toEqual({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(refusals.map((ack) => ('error' in ack ? ack.error.code : 'ok'))).toEqual([
      ...Array<string>(5).fill('VALIDATION_FAILED'),
      'TOKEN_INVALID',
      'CHANNEL_INVALID',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    expect(client.socket.connected).toBe(true);
    expect(await client.send('subscribe', { channel, token: await subscriptionToken(nodeB, alice, channel) })).toEqual({ ok: true });
    expect(await client.send('unsubscribe', { channel })).toEqual({ ok: true });
  });

  it('disconnects a socket that keeps sending garbage', async () => {
    const client = await connectAs(nodeA, someUser());

    for (let i = 0; i < 30; i++) client.socket.emit('subscribe', 'garbage');

    await waitFor(() => !client.socket.connected, { what: 'the server to disconnect the socket' });
  });

  it('closes a connection that sends a frame over 16 KiB, and goes on serving the others', async () => {
    const { client: bystander, channel } = await followOwnChannel(nodeA, alice);
    const sender = await connectAs(nodeA, someUser());

    sender.socket.emit('subscribe', { channel: 'system:x', token: 'x'.repeat(20 * 1024) });

    await waitFor(() => !sender.socket.connected, { what: 'the oversized frame to close its connection' });
    await nodeB.app.get(RealtimePublisher).publish(channel, 'note', { still: 'here' });
    expect((await bystander.received(channel, 1))[0]?.data).toEqual({ still: 'here' });
  });

  it('refuses a flood of subscribe frames for unknown channels, then closes the flooding socket', async () => {
    const subject = someUser();
    const client = await connectAs(nodeB, subject);

    const acks = await Promise.all(Array.from({ length: 15 }, (_, i) => client.send('subscribe', { channel: `nowhere:${i}`, token: 't' })));
    expect(new Set(acks.map((ack) => ('error' in ack ? ack.error.code : 'ok')))).toEqual(new Set(['CHANNEL_INVALID']));
    expect(client.socket.connected).toBe(true);

    for (let i = 0; i < 200; i++) client.socket.emit('subscribe', { channel: `nowhere:${i}`, token: 't' });
    await waitFor(() => !client.socket.connected, { what: 'the flooding socket to be closed' });
    // The node still admits the same subject afresh.
    expect((await connectAs(nodeB, subject)).socket.connected).toBe(true);
  });

  it('relays typing notices on widgettyping channels to the other subscribers, on any node', async () => {
    const widgetId = randomUUID();
    const sessionId = `sess_${randomBytes(18).toString('base64url')}`;
    const typing = `widgettyping:${widgetId}.${sessionId}`;
    const visitor: RealtimeSubject = { kind: 'visitor', widgetId, sessionId };
    const operator: RealtimeSubject = { kind: 'user', userId: alice.user.id };
    const visitorClient = await connectAs(nodeA, visitor);
    const operatorClient = await connectAs(nodeB, operator);
    expect(await subscribeAs(visitorClient, visitor, typing)).toEqual({ ok: true });
    expect(await subscribeAs(operatorClient, operator, typing)).toEqual({ ok: true });

    expect(await visitorClient.send('publish', { channel: typing, type: 'typing', data: { text: 'Hel' } })).toEqual({ ok: true });
    expect(await operatorClient.send('publish', { channel: typing, type: 'typing', data: {} })).toEqual({ ok: true });

    expect((await operatorClient.received(typing, 1)).map(({ type, data }) => ({ type, data }))).toEqual([{ type: 'typing', data: { text: 'Hel', from: 'visitor' } }]);
    expect((await visitorClient.received(typing, 1)).map(({ data }) => data)).toEqual([{ from: 'user' }]);
    // Nobody hears their own notice.
    expect(operatorClient.publications.filter((publication) => publication.channel === typing)).toHaveLength(1);
  });

  it('refuses publishing anything but typing notices on a widgettyping channel the socket follows', async () => {
    const { client, channel: ownChannel } = await followOwnChannel(nodeA, alice);
    const typing = `widgettyping:${randomUUID()}.sess_${'a'.repeat(24)}`;

    const acks = [
      await client.send('publish', { channel: ownChannel, type: 'typing', data: { text: 'hi' } }),
      await client.send('publish', { channel: 'system:status', type: 'typing', data: {} }),
      await client.send('publish', { channel: typing, type: 'typing', data: { text: 'hi' } }),
      await client.send('publish', { channel: typing, type: 'message', data: { text: 'hi' } }),
      await client.send('publish', { channel: typing, type: 'typing', data: { text: 'x'.repeat(501) } }),
    ];

    expect(acks.map((ack) => ('error' in ack ? ack.error.code : 'ok'))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
  });

  it('rate-limits typing notices per socket', async () => {
    const subject = someUser();
    const typing = `widgettyping:${randomUUID()}.sess_${'b'.repeat(24)}`;
    const client = await connectAs(nodeB, subject);
    expect(await subscribeAs(client, subject, typing)).toEqual({ ok: true });

    const acks = await Promise.all(Array.from({ length: 20 }, () => client.send('publish', { channel: typing, type: 'typing', data: {} })));

    // The burst of 10, and perhaps one more refilled while the frames were on their way.
    const sent = acks.filter((ack) => ack.ok).length;
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(sent).toBeLessThanOrEqual(12);
    expect(acks.filter((ack) => 'error' in ack && ack.error.code === ErrorCode.RateLimited)).toHaveLength(20 - sent);
  });

  it(`caps connections at ${MAX_CONNECTIONS} per user across nodes, and frees a slot on disconnect`, async () => {
    const subject = someUser();
    const first = await connectAs(nodeA, subject);
    for (let i = 1; i < MAX_CONNECTIONS; i++) await connectAs(i % 2 ? nodeB : nodeA, subject);

    expect(await clients.refusal(nodeB.baseUrl, { token: tokens.mintConnection(subject).token })).toMatchObject({ code: 'RATE_LIMITED' });
    first.socket.close();

    const again = await waitFor(() => connectAs(nodeB, subject), { what: 'a connection slot to come free' });
    expect(again.socket.connected).toBe(true);
  });

  it('caps the channels one socket follows', async () => {
    const subject = someUser();
    const client = await connectAs(nodeA, subject);
    for (let i = 0; i < 100; i++) expect(await subscribeAs(client, subject, `system:topic-${i}`)).toEqual({ ok: true });

    const ack = await subscribeAs(client, subject, 'system:one-too-many');

    expect(ack).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('at most 100 channels') } });
  });
});

/** One web node at a time, each test with its own configuration. */
describe('a single web node', () => {
  let env: TestEnvironment;
  const clients = new RealtimeClients();

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await env?.dispose();
  });

  it('starts no gateway with REALTIME_ENABLED=false: nothing answers at the realtime path', async () => {
    const web = await startWebApp(env.config({ APP_ROLE: 'web', REALTIME_ENABLED: 'false' }));
    try {
      expect(runsGateway(web.app)).toBe(false);
      expect(await clients.refusal(web.baseUrl, { token: 'any' })).toMatchObject({ code: undefined });
      expect((await web.request('/api/health')).status).toBe(200);
    } finally {
      await web.close();
    }
  });

  it('disconnects its sockets as it shuts down, so their clients reconnect elsewhere', async () => {
    const web = await startWebApp(env.config({ APP_ROLE: 'web' }));
    const client = await clients.connect(web.baseUrl, web.app.get(RealtimeTokens).mintConnection(someUser()).token);
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));

    await web.close();

    expect(await disconnected).toBe('transport close');
  });
});
