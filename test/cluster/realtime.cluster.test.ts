import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness, type ClusterNode } from '../../scripts/cluster/harness';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { pipelineReply } from '../support/pipeline-replies';
import { RealtimeClients, subscribeToUserChannel, type RealtimeClient } from '../support/realtime-client';
import { isTerminal, readSse } from '../support/sse';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure } from './cluster-suite';

const SHOP = 'https://shop.example.com';

/**
 * Realtime across separate processes: what one web node publishes reaches sockets held by the
 * others (through Redis), whether they connected to a node directly or through the load balancer.
 */
describe('realtime across 3 web nodes behind the load balancer', () => {
  let cluster: ClusterHarness;
  let openai: FakeOpenAiServer;
  let owner: Session;
  let nodeA: ClusterNode;
  let nodeB: ClusterNode;
  let nodeC: ClusterNode;
  const clients = new RealtimeClients();

  beforeAll(async () => {
    openai = await FakeOpenAiServer.start({ defaultReply: pipelineReply });
    cluster = await ClusterHarness.start({
      workers: 1,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' },
    });
    [nodeA, nodeB, nodeC] = cluster.webs as [ClusterNode, ClusterNode, ClusterNode];
    owner = await registerUser(cluster, 'olivia@example.com', { name: 'Olivia' });
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    clients.closeAll();
    await cluster?.stop();
    await openai?.close();
  });
  reportLogsOnFailure(() => cluster);

  it("delivers a publication made on node A to the user's sockets on nodes B and C and through the load balancer", async () => {
    const subscribers = await Promise.all([nodeB, nodeC, cluster].map((via) => subscribeToUserChannel(via, owner, clients)));
    const channel = `user:${owner.user.id}`;

    // Creating a chat on node A publishes chat.created on the user's channel.
    const created = await nodeA.request('/api/v1/chats', { method: 'POST', token: owner.accessToken, json: { title: 'Cluster' } });
    expect(created.status).toBe(201);
    const { id: chatId } = (await created.json()) as { id: string };

    for (const subscriber of subscribers) {
      const publication = await waitFor(() => subscriber.publications.find((received) => received.channel === channel && received.type === 'chat.created'), {
        what: 'chat.created to reach every subscriber',
      });
      expect(publication.data).toEqual({ chatId });
    }
  });

  it("brings an operator's takeover and reply made on node A to a widget visitor connected to node C, and the visitor's message back to A", async () => {
    const widgetResponse = await nodeA.request('/api/v1/widgets', { method: 'POST', token: owner.accessToken, json: { name: 'Shop', allowedDomains: ['shop.example.com'] } });
    expect(widgetResponse.status).toBe(201);
    const { id: widgetId } = (await widgetResponse.json()) as { id: string };
    const sessionId = `sess_${randomBytes(24).toString('base64url')}`;
    const visitorHeaders = { origin: SHOP, 'x-widget-session': sessionId };
    const send = (message: string): Promise<Response> =>
      nodeC.request(`/api/v1/widget/${widgetId}/message`, { method: 'POST', json: { message, pageUrl: `${SHOP}/pricing` }, headers: visitorHeaders });
    const sessionChannel = `widget:session.${widgetId}.${sessionId}`;
    const operatorsChannel = `widget:operators.${widgetId}`;

    // The visitor writes on node C (the AI answers) and follows their session there.
    expect((await readSse(await send('Hello there'), isTerminal)).at(-1)?.event).toBe('complete');
    const visitor = await connectVisitor(nodeC, widgetId, sessionId);
    const subscription = await nodeC.request('/api/v1/realtime/subscribe', { method: 'POST', json: { channel: sessionChannel, widgetId, sessionId }, headers: visitorHeaders });
    expect(subscription.status).toBe(200);
    expect(await visitor.send('subscribe', { channel: sessionChannel, token: ((await subscription.json()) as { token: string }).token })).toMatchObject({ ok: true });

    // The operator follows the widget's notifications on node A, and acts there.
    const operator = await connectOperator(nodeA, [operatorsChannel]);
    const ownerPost = (action: string, json?: unknown): Promise<Response> =>
      nodeA.request(`/api/v1/widgets/${widgetId}/sessions/${sessionId}/${action}`, { method: 'POST', token: owner.accessToken, json });

    expect((await ownerPost('takeover')).status).toBe(200);
    await waitFor(() => visitor.publications.some((publication) => publication.channel === sessionChannel && publication.type === 'takeover'), {
      what: 'the visitor on node C to hear of the takeover on node A',
    });

    expect((await ownerPost('reply', { text: 'Hi, Olivia here.' })).status).toBe(201);
    await waitFor(
      () =>
        visitor.publications.some(
          (publication) => publication.type === 'message' && (publication.data as { role: string; text: string }).role === 'operator' && (publication.data as { text: string }).text === 'Hi, Olivia here.',
        ),
      { what: "the visitor on node C to receive the operator's reply" },
    );

    const held = await send('Thanks, Olivia');
    expect(held.status).toBe(202);
    await waitFor(
      () => operator.publications.some((publication) => publication.type === 'notification' && (publication.data as { preview: string }).preview === 'Thanks, Olivia'),
      { what: "the operator on node A to be notified of the visitor's message on node C" },
    );
  });

  /** A visitor's socket on `node`, opened from the shop's page with a token minted for it. */
  async function connectVisitor(node: ClusterNode, widgetId: string, sessionId: string): Promise<RealtimeClient> {
    const response = await node.request(`/api/v1/realtime/widget/${widgetId}/sessions/${sessionId}/token`, {
      method: 'POST',
      headers: { origin: SHOP, 'x-widget-session': sessionId },
    });
    expect(response.status).toBe(200);
    return clients.connect(node.baseUrl, ((await response.json()) as { token: string }).token, SHOP);
  }

  /** The owner's socket on `node`, following `channels`. */
  async function connectOperator(node: ClusterNode, channels: string[]): Promise<RealtimeClient> {
    const connection = await node.request('/api/v1/realtime/token', { method: 'POST', token: owner.accessToken });
    const client = await clients.connect(node.baseUrl, ((await connection.json()) as { token: string }).token);
    for (const channel of channels) {
      const response = await node.request('/api/v1/realtime/subscribe', { method: 'POST', token: owner.accessToken, json: { channel } });
      expect(response.status).toBe(200);
      expect(await client.send('subscribe', { channel, token: ((await response.json()) as { token: string }).token })).toMatchObject({ ok: true });
    }
    return client;
  }
});
