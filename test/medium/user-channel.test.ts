import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RealtimePublisher } from '../../src/modules/realtime/realtime-publisher.service';
import type { Publication } from '../../src/modules/realtime/realtime.types';
import { RealtimeClients, subscribeToUserChannel, type RealtimeClient } from '../support/realtime-client';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';

interface Started {
  trackId: string;
  chatId: string;
  messageId: string;
}

/** What a test compares: a publication without its offset and time. */
const typed = ({ type, data }: Publication): { type: string; data: unknown } => ({ type, data });

/**
 * `user:<userId>` carries the user's own updates (docs/api.md, realtime): a tab following it on one
 * web node hears about chats and answers that another tab started through another node and a
 * worker answered, and nobody else hears anything.
 */
describe('the user channel', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let worker: INestApplicationContext;
  let alice: Session;
  let bob: Session;
  const clients = new RealtimeClients();

  const register = (email: string): Promise<Session> => registerUser(nodeA, email, { name: email });
  /** `session` connected to `node` (as the SPA connects) and subscribed to its own channel. */
  const followOwnChannel = async (node: RunningWebApp, session: Session): Promise<{ client: RealtimeClient; channel: string }> => ({
    client: await subscribeToUserChannel(node, session, clients),
    channel: `user:${session.user.id}`,
  });
  /** Sends a message through node B and reads its answer to the end; the ids of its `started` event. */
  const send = async (session: Session, body: Record<string, unknown>): Promise<Started> => {
    const events = await readSse(await nodeB.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: body }), isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events[0]?.data as Started;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const web = env.config({ APP_ROLE: 'web' });
    [nodeA, nodeB, worker] = await Promise.all([startWebApp(web), startWebApp(web), startWorkerApp(env.config({ APP_ROLE: 'worker' }))]);
    [alice, bob] = await Promise.all([register('alice@example.com'), register('bob@example.com')]);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close(), worker?.close()]);
    await env?.dispose();
  });

  it('announces a new chat, its answer starting and ending, a follow-up and the deletion, to a socket on another node', async () => {
    const { client, channel } = await followOwnChannel(nodeA, alice);

    const first = await send(alice, { message: 'Hello there, what can you do?' });
    const firstEvents = await client.received(channel, 3);
    const second = await send(alice, { message: 'And what else?', chatId: first.chatId });
    const secondEvents = (await client.received(channel, 6)).slice(3);
    expect((await nodeB.request(`/api/v1/chats/${first.chatId}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(204);
    const deletion = (await client.received(channel, 7)).slice(6);

    const { chatId } = first;
    expect(firstEvents.map(typed)).toEqual([
      { type: 'chat.created', data: { chatId } },
      { type: 'message.started', data: { chatId, messageId: first.messageId, trackId: first.trackId } },
      { type: 'message.completed', data: { chatId, messageId: first.messageId, status: 'complete' } },
    ]);
    expect(secondEvents.map(typed)).toEqual([
      { type: 'chat.updated', data: { chatId } },
      { type: 'message.started', data: { chatId, messageId: second.messageId, trackId: second.trackId } },
      { type: 'message.completed', data: { chatId, messageId: second.messageId, status: 'complete' } },
    ]);
    expect(deletion.map(typed)).toEqual([{ type: 'chat.deleted', data: { chatId } }]);
    // In order, numbered consecutively: a tab that missed some can recover them with `since`.
    const offsets = client.publications.map((publication) => publication.offset);
    expect(offsets).toEqual(offsets.map((_offset, i) => (offsets[0] ?? 0) + i));
  });

  it('announces a chat created through POST /chats', async () => {
    const { client, channel } = await followOwnChannel(nodeA, alice);

    const response = await nodeB.request('/api/v1/chats', { method: 'POST', token: alice.accessToken, json: { title: 'Plans' } });
    const { id } = (await response.json()) as { id: string };

    expect((await client.received(channel, 1)).map(typed)).toEqual([{ type: 'chat.created', data: { chatId: id } }]);
  });

  it('announces nothing of an incognito turn', async () => {
    const { client, channel } = await followOwnChannel(nodeA, alice);
    const before = await worker.get(RealtimePublisher).publish(channel, 'test.marker', { n: 1 });

    await send(alice, { message: 'A private question: what is two plus two?', incognito: true });
    // Whatever the turn published went out before its answer's last event reached us, so before this.
    const after = await worker.get(RealtimePublisher).publish(channel, 'test.marker', { n: 2 });

    expect(after.offset).toBe(before.offset + 1);
    expect((await client.received(channel, 2)).map(typed)).toEqual([
      { type: 'test.marker', data: { n: 1 } },
      { type: 'test.marker', data: { n: 2 } },
    ]);
  });

  it("tells another user's socket nothing", async () => {
    const { client: bobsClient, channel: bobsChannel } = await followOwnChannel(nodeA, bob);

    const { chatId } = await send(alice, { message: 'Something only Alice should hear about' });
    expect((await nodeB.request(`/api/v1/chats/${chatId}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(204);
    // Alice's publications went out before hers to Bob's channel did, and only this one arrives.
    await nodeB.app.get(RealtimePublisher).publish(bobsChannel, 'test.marker', {});

    await bobsClient.received(bobsChannel, 1);
    expect(bobsClient.publications.map(typed)).toEqual([{ type: 'test.marker', data: {} }]);
  });
});
