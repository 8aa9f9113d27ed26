import type { INestApplicationContext } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { JobName } from '../../src/infra/queue/jobs';
import { QueueName } from '../../src/infra/queue/queue-name';
import { ChannelDeliveries } from '../../src/modules/channels/channel-deliveries.service';
import { inboundJobId } from '../../src/modules/channels/whatsapp/jobs/whatsapp-inbound.job';
import { FakeGraphApi } from '../support/fake-graph-api';
import { TINY_PNG } from '../support/fake-openai-server';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const PHONE_NUMBER_ID = '1000001';
const APP_SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'test-verify-token';
const WEBHOOK = '/api/v1/webhooks/whatsapp';

type Json = Record<string, unknown>;

let messageCounter = 0;
/** A fresh `wamid` per message, shaped like Meta's. */
const newWamid = (): string => `wamid.HBgL${Date.now().toString(36)}${++messageCounter}AA==`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A webhook notification in Meta's documented format, for the number `phoneNumberId`. */
function notification(value: Json, phoneNumberId = PHONE_NUMBER_ID): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId }, ...value } }] }],
  };
}

function inbound(from: string, message: Json, options: { name?: string; phoneNumberId?: string; timestamp?: number } = {}): Json {
  const { name = 'Ann Example', phoneNumberId, timestamp = nowSeconds() } = options;
  return notification({ contacts: [{ profile: { name }, wa_id: from }], messages: [{ from, timestamp: String(timestamp), ...message }] }, phoneNumberId);
}

const textMessage = (from: string, id: string, body: string, options?: { phoneNumberId?: string; timestamp?: number }): Json => inbound(from, { id, type: 'text', text: { body } }, options);

function statusUpdate(id: string, status: string, recipient: string): Json {
  const errors = status === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'The recipient cannot receive it.' } }] } : {};
  return notification({ statuses: [{ id, status, timestamp: String(nowSeconds()), recipient_id: recipient, ...errors }] });
}

const sign = (body: string, secret = APP_SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * The WhatsApp channel end to end on two web nodes and two workers sharing MariaDB and Redis, with
 * Meta's side played by a local Graph API: the webhook's handshake and signatures, messages of
 * every kind taken in once and answered by the offline AI, statuses, media, retries, long answers
 * and the 24-hour window, and the owners' numbers.
 */
describe('the WhatsApp channel across two web nodes and two workers', () => {
  let env: TestEnvironment;
  let graph: FakeGraphApi;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let workers: INestApplicationContext[] = [];
  let admin: Session;
  let member: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    graph = await FakeGraphApi.start();
    const config = (role: string) =>
      env.config({
        APP_ROLE: role,
        WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_ACCESS_TOKEN: 'env-token',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
        WHATSAPP_GRAPH_URL: graph.baseUrl,
      });
    [nodeA, nodeB, ...workers] = await Promise.all([startWebApp(config('web')), startWebApp(config('web')), startWorkerApp(config('worker')), startWorkerApp(config('worker'))]);
    // The first account is the admin, who owns the number configured by the environment.
    admin = await registerUser(nodeA, 'owner@example.com');
    member = await registerUser(nodeA, 'member@example.com');
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close(), ...workers.map((worker) => worker.close())]);
    await graph?.close();
    await env?.dispose();
  });

  const post = (node: RunningWebApp, payload: Json | string, signature: string | null = sign(typeof payload === 'string' ? payload : JSON.stringify(payload))): Promise<Response> => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return node.request(WEBHOOK, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) } });
  };
  const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;
  const queue = () => workers[0].get(JobQueueService).queue(QueueName.AiHigh);
  /** Nothing left for the workers but the hourly housekeeping schedule. */
  const queueSettled = async (): Promise<boolean> => {
    const housekeeping: string = JobName.PurgeExpiredTokens;
    const jobs = await queue().getJobs(['waiting', 'active', 'delayed', 'prioritized']);
    return jobs.every((job) => job.name === housekeeping);
  };
  const chatOf = async (title: string): Promise<string> => {
    const response = await nodeA.request('/api/v1/chats', { token: admin.accessToken });
    const chat = ((await response.json()) as Array<{ id: string; title: string; channel: string }>).find((candidate) => candidate.title === title);
    if (chat?.channel !== 'whatsapp') throw new Error(`no WhatsApp chat "${title}" yet`);
    return chat.id;
  };
  const deliveries = async (chatId: string): Promise<Array<{ messageId: string; status: string; error: { code: string; message: string } | null }>> => {
    const response = await nodeB.request(`/api/v1/chats/${chatId}/deliveries`, { token: admin.accessToken });
    expect(response.status).toBe(200);
    return (await response.json()) as Array<{ messageId: string; status: string; error: { code: string; message: string } | null }>;
  };
  /** A sender writes once and is answered: their chat. */
  const conversation = async (sender: string, text: string): Promise<string> => {
    const wamid = newWamid();
    expect((await post(nodeA, textMessage(sender, wamid, text))).status).toBe(200);
    // The read receipt too: nothing of this conversation is still on its way to the Graph API.
    await waitFor(() => graph.textsTo(sender).length === 1 && graph.readReceipts(wamid).length === 1, { what: `the answer to ${sender}` });
    return waitFor(() => chatOf(text), { what: `the chat of ${sender}` });
  };

  describe('the subscription handshake', () => {
    const handshake = (query: string): Promise<Response> => nodeB.request(`${WEBHOOK}?${query}`);

    it('echoes hub.challenge as text when the verify token is one of ours', async () => {
      const response = await handshake(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it('answers 403 to a wrong or missing token, or another mode', async () => {
      for (const query of ['hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1', 'hub.mode=subscribe&hub.challenge=1', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`]) {
        const response = await handshake(query);
        expect(response.status).toBe(403);
        expect(await errorCode(response)).toBe('FORBIDDEN');
      }
    });
  });

  describe('signatures', () => {
    it('accepts a body signed with the app secret', async () => {
      const response = await post(nodeA, statusUpdate('wamid.unknown', 'delivered', '4915100000001'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ queued: 1 });
    });

    it('refuses a bad or missing signature with 401 before reading the JSON', async () => {
      const body = JSON.stringify(textMessage('4915100000002', newWamid(), 'forged'));
      const refusals = [sign(body, 'another-secret'), sign(`${body} `), 'sha256=', 'sha1=abc', null];
      for (const signature of refusals) {
        const response = await post(nodeB, body, signature);
        expect(response.status).toBe(401);
        expect(await errorCode(response)).toBe('WEBHOOK_SIGNATURE_INVALID');
      }
      // Not even malformed JSON is looked at without a valid signature.
      const garbage = await post(nodeA, '{not json', null);
      expect(await errorCode(garbage)).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(graph.textsTo('4915100000002')).toEqual([]);
    });
  });

  it('answers a message delivered 20 times at once on two web nodes exactly once', async () => {
    const sender = '4915100000010';
    const wamid = newWamid();
    const body = JSON.stringify(textMessage(sender, wamid, 'What are your opening hours?'));
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 === 0 ? nodeA : nodeB, body)));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));

    await waitFor(() => graph.textsTo(sender).length >= 1, { what: 'the answer' });
    await waitFor(queueSettled, { what: 'the queue to settle' });
    expect(graph.textsTo(sender)).toHaveLength(1);
    expect(graph.readReceipts(wamid)).toHaveLength(1);
    expect(graph.readReceipts(wamid)[0]?.body.typing_indicator).toEqual({ type: 'text' });
    const [row] = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM inbound_messages');
    expect(Number(row?.n)).toBe(1);
    // The sender's profile name is the contact's name.
    const [contact] = await env.query<{ name: string }>('SELECT name FROM channel_contacts WHERE address = ?', [sender]);
    expect(contact?.name).toBe('Ann Example');
  });

  it('answers two messages a person sends at once, one after the other, in one chat', async () => {
    const sender = '4915100000015';
    const [first, second] = [newWamid(), newWamid()];
    const responses = await Promise.all([post(nodeA, textMessage(sender, first, 'First question')), post(nodeB, textMessage(sender, second, 'Second question'))]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);

    // One answer at a time per person: the message that finds the other being answered waits its turn.
    await waitFor(() => graph.textsTo(sender).length === 2, { what: 'both answers', timeoutMs: 30_000 });
    await waitFor(queueSettled, { what: 'the queue to settle' });
    expect(graph.textsTo(sender)).toHaveLength(2);
    const rows = await env.query<{ chat_id: string }>('SELECT i.chat_id FROM inbound_messages i JOIN channel_contacts c ON c.id = i.contact_id WHERE c.address = ?', [sender]);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.chat_id)).size).toBe(1);
  });

  it('shows status updates on the delivery: sent, delivered, read', async () => {
    const sender = '4915100000020';
    const chatId = await conversation(sender, 'Do you deliver on Sundays?');
    const answer = graph.accepted.find((message) => message.body.to === sender);
    if (!answer) throw new Error('no accepted answer');
    await waitFor(async () => (await deliveries(chatId))[0]?.status === 'sent', { what: 'sent' });

    expect((await post(nodeB, statusUpdate(answer.id, 'delivered', sender))).status).toBe(200);
    await waitFor(async () => (await deliveries(chatId))[0]?.status === 'delivered', { what: 'delivered' });
    expect((await post(nodeA, statusUpdate(answer.id, 'read', sender))).status).toBe(200);
    await waitFor(async () => (await deliveries(chatId))[0]?.status === 'read', { what: 'read' });
  });

  it('sends a message once, however often its delivery is asked for again', async () => {
    const sender = '4915100000025';
    const chatId = await conversation(sender, 'Can I pay by card?');
    await waitFor(async () => (await deliveries(chatId))[0]?.status === 'sent', { what: 'sent' });
    const [{ messageId }] = await deliveries(chatId);

    // Asked again on two nodes, and its job run again: the delivery is not queued any more.
    const again = [nodeA.app, workers[1]].map((node) => node.get(ChannelDeliveries).send(chatId, messageId, 'whatsapp'));
    await Promise.all([...again, workers[0].get(JobQueueService).enqueue({ name: JobName.DeliverChannelMessage, data: { messageId } })]);
    await waitFor(queueSettled, { what: 'the repeated deliveries worked off' });
    expect(graph.textsTo(sender)).toHaveLength(1);
    expect((await deliveries(chatId))[0]).toMatchObject({ messageId, status: 'sent' });
  });

  it('downloads an image through the Graph API and hands it to the pipeline with its caption', async () => {
    const sender = '4915100000030';
    graph.serveMedia('media-img-1', 'image/png', TINY_PNG);
    const message = { id: newWamid(), type: 'image', image: { id: 'media-img-1', mime_type: 'image/png', sha256: 'x', caption: 'What is in this picture?' } };
    expect((await post(nodeA, inbound(sender, message))).status).toBe(200);
    await waitFor(() => graph.textsTo(sender).length === 1, { what: 'the answer' });

    const [file] = await env.query<{ mime: string; size: number; origin: string }>("SELECT mime, size, origin FROM files WHERE origin = 'upload'");
    expect(file).toMatchObject({ mime: 'image/png', size: TINY_PNG.length });
    const downloads = graph.requests.filter((request) => request.path.includes('media-img-1'));
    expect(downloads.map((request) => request.path)).toEqual([graph.path('media-img-1'), '/media-download/media-img-1']);
    expect(downloads.every((request) => request.headers.authorization === 'Bearer env-token')).toBe(true);
    const chatId = await waitFor(() => chatOf('What is in this picture?'));
    const messages = (await (await nodeA.request(`/api/v1/chats/${chatId}/messages`, { token: admin.accessToken })).json()) as Array<{ role: string; fileIds: string[] }>;
    expect(messages.find((m) => m.role === 'user')?.fileIds).toHaveLength(1);
  });

  it('turns locations, shared contacts and interactive replies into text', async () => {
    const cases: Array<[string, Json, string]> = [
      ['4915100000041', { type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz', address: 'Berlin' } }, '📍 Location: Alexanderplatz, Berlin (52.52, 13.405)'],
      ['4915100000042', { type: 'contacts', contacts: [{ name: { formatted_name: 'Bea Beispiel' }, phones: [{ phone: '+49 30 1234567', type: 'WORK' }] }] }, '👤 Contact: Bea Beispiel, +49 30 1234567 (work)'],
      ['4915100000043', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, please' } } }, 'Yes, please'],
      ['4915100000044', { type: 'button', button: { text: 'Track my order', payload: 'TRACK' } }, 'Track my order'],
    ];
    for (const [sender, message] of cases) expect((await post(nodeB, inbound(sender, { id: newWamid(), ...message }))).status).toBe(200);
    for (const [sender, , text] of cases) {
      await waitFor(() => graph.textsTo(sender).length === 1, { what: `the answer to ${sender}` });
      await waitFor(() => chatOf(text), { what: `a chat titled "${text}"` });
    }
  });

  it('retries a send that WhatsApp answered 429, after Retry-After', async () => {
    const sender = '4915100000050';
    const chatId = await conversation(sender, 'Is the shop open today?');
    graph.script({ path: graph.path(`${PHONE_NUMBER_ID}/messages`), status: 429, headers: { 'retry-after': '0' } });
    const reply = await nodeA.request(`/api/v1/chats/${chatId}/replies`, { method: 'POST', token: admin.accessToken, json: { text: 'Yes, until **8 pm**.' } });
    expect(reply.status).toBe(201);
    await waitFor(() => graph.textsTo(sender).length === 3, { what: 'the refused try and the retry' });
    // The refused try and its retry carry the same text, in WhatsApp's formatting.
    expect(graph.textsTo(sender).slice(1)).toEqual(['Yes, until *8 pm*.', 'Yes, until *8 pm*.']);
    const messageId = ((await reply.json()) as { id: string }).id;
    await waitFor(async () => (await deliveries(chatId)).find((delivery) => delivery.messageId === messageId)?.status === 'sent', { what: 'sent' });
  });

  it('splits a long answer at sentence ends within the 4,096-character limit', async () => {
    const sender = '4915100000060';
    const chatId = await conversation(sender, 'Tell me everything.');
    const sentence = 'This sentence is one of many in a long answer that WhatsApp cannot take in one message. ';
    const text = sentence.repeat(120).trim();
    expect((await nodeB.request(`/api/v1/chats/${chatId}/replies`, { method: 'POST', token: admin.accessToken, json: { text } })).status).toBe(201);
    await waitFor(() => graph.textsTo(sender).length === 4, { what: 'three parts after the first answer' });
    const parts = graph.textsTo(sender).slice(1);
    expect(parts.every((part) => part.length <= 4096 && part.endsWith('message.'))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('does not send outside the 24-hour window, and says why on the delivery', async () => {
    const sender = '4915100000070';
    const twoDaysAgo = nowSeconds() - 2 * 24 * 3600;
    expect((await post(nodeA, textMessage(sender, newWamid(), 'An old question', { timestamp: twoDaysAgo }))).status).toBe(200);
    const chatId = await waitFor(() => chatOf('An old question'));
    const [delivery] = await waitFor(async () => {
      const found = await deliveries(chatId);
      return found[0]?.status === 'failed' ? found : null;
    });
    expect(delivery?.error?.code).toBe('WHATSAPP_WINDOW_CLOSED');
    expect(delivery?.error?.message).toContain('24 hours');
    expect(graph.textsTo(sender)).toEqual([]);
  });

  describe('what it does not answer', () => {
    it('refuses payloads that are not WhatsApp notifications with 400', async () => {
      for (const payload of [{ object: 'page', entry: [] }, { object: 'whatsapp_business_account' }]) {
        const response = await post(nodeA, payload);
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('VALIDATION_FAILED');
      }
      const notJson = await post(nodeB, '{"object":');
      expect(await errorCode(notJson)).toBe('MALFORMED_JSON');
      const array = await post(nodeB, '[]');
      expect(await errorCode(array)).toBe('VALIDATION_FAILED');
    });

    it('refuses a body over the size limit with 413', async () => {
      const huge = JSON.stringify(textMessage('4915100000080', newWamid(), 'x'.repeat(1_100_000)));
      const response = await post(nodeA, huge);
      expect(response.status).toBe(413);
      expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
    });

    it('skips unknown message types and unreadable messages with a logged reason, and keeps working', async () => {
      const sender = '4915100000081';
      const unknown = newWamid();
      const unreadable = notification({ messages: [{ type: 'text', text: { body: 'no id or sender' } }] });
      expect(await (await post(nodeA, unreadable)).json()).toEqual({ queued: 0 });
      const response = await post(nodeB, inbound(sender, { id: unknown, type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }));
      expect(response.status).toBe(200);
      const outcome = await waitFor(async () => (await queue().getJob(inboundJobId(unknown)))?.returnvalue as Json | undefined, { what: 'the job to finish' });
      expect(outcome).toMatchObject({ skipped: expect.stringContaining('does not deliver') });

      await conversation(sender, 'Hello again');
      expect(graph.textsTo(sender)).toHaveLength(1);
    });
  });

  describe('the owners’ numbers', () => {
    const numbers = '/api/v1/channels/whatsapp/numbers';
    interface NumberView {
      id: string;
      address: string;
      name: string;
      config: Json;
      secretsSet: string[];
      fromEnvironment: boolean;
    }
    const create = (session: Session, body: Json): Promise<Response> => nodeA.request(numbers, { method: 'POST', token: session.accessToken, json: body });

    it('are added after WhatsApp accepts their token, with secrets never shown, and take their own webhooks', async () => {
      const created = await create(admin, { phoneNumberId: '2000002', name: 'Shop', config: { graphUrl: graph.baseUrl }, secrets: { accessToken: 'shop-token', appSecret: 'shop-secret', verifyToken: 'shop-verify' } });
      expect(created.status).toBe(201);
      const text = await created.text();
      expect(text).not.toContain('shop-token');
      expect(text).not.toContain('shop-secret');
      const number = JSON.parse(text) as NumberView;
      expect(number).toMatchObject({ address: '2000002', secretsSet: ['accessToken', 'appSecret', 'verifyToken'], fromEnvironment: false, config: { verifiedName: 'Test Business' } });

      const listed = (await (await nodeB.request(numbers, { token: admin.accessToken })).json()) as NumberView[];
      expect(listed.map((entry) => entry.id)).toEqual(['env:whatsapp', number.id]);

      // Its own verify token, and its own app secret, are accepted at once on the node that added it
      // (the others within seconds); the platform's secret is not its.
      expect((await nodeA.request(`${WEBHOOK}?hub.mode=subscribe&hub.verify_token=shop-verify&hub.challenge=7`)).status).toBe(200);
      const sender = '4915100000090';
      const ownBody = JSON.stringify(textMessage(sender, newWamid(), 'Hello shop', { phoneNumberId: '2000002' }));
      const otherBody = JSON.stringify(textMessage(sender, newWamid(), 'Forged for the shop', { phoneNumberId: '2000002' }));
      await waitFor(async () => ((await (await post(nodeA, ownBody, sign(ownBody, 'shop-secret'))).json()) as { queued: number }).queued === 1, { what: 'the new number on every node' });
      expect(await (await post(nodeA, otherBody, sign(otherBody))).json()).toEqual({ queued: 0 });
      await waitFor(() => graph.textsTo(sender).length === 1, { what: 'the answer from the shop number' });
      const answer = graph.requests.find((request) => request.path === graph.path('2000002/messages') && request.body.type === 'text');
      expect(answer?.headers.authorization).toBe('Bearer shop-token');

      const patched = await nodeA.request(`${numbers}/${number.id}`, { method: 'PATCH', token: admin.accessToken, json: { name: 'Shop (Berlin)', secrets: { appSecret: '' } } });
      expect(await patched.json()).toMatchObject({ name: 'Shop (Berlin)', secretsSet: ['accessToken', 'verifyToken'] });

      const tested = await nodeB.request(`${numbers}/${number.id}/test`, { method: 'POST', token: admin.accessToken, json: { to: '+49 151 0000 0091' } });
      expect(await tested.json()).toMatchObject({ ok: true, messageId: expect.stringMatching(/^wamid\./) });
      expect(graph.textsTo('4915100000091')).toHaveLength(1);
      graph.script({ path: graph.path('2000002/messages'), status: 400 });
      const refused = (await (await nodeB.request(`${numbers}/${number.id}/test`, { method: 'POST', token: admin.accessToken, json: { to: '+4915100000091' } })).json()) as { ok: boolean; message: string };
      expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('WhatsApp answered 400') });

      expect((await nodeA.request(`${numbers}/${number.id}`, { method: 'DELETE', token: admin.accessToken })).status).toBe(204);
      const afterDelete = JSON.stringify(textMessage(sender, newWamid(), 'Anyone there?', { phoneNumberId: '2000002' }));
      await waitFor(async () => ((await (await post(nodeB, afterDelete, sign(afterDelete))).json()) as { queued: number }).queued === 0, { what: 'the number gone on every node' });
    });

    it('refuse a token WhatsApp does not accept, a number taken, and a graphUrl from a non-admin', async () => {
      graph.unknownNumbers.add('3000003');
      const unknown = await create(member, { phoneNumberId: '3000003', name: 'Not mine', secrets: { accessToken: 'token' } });
      expect(unknown.status).toBe(400);
      expect(await errorCode(unknown)).toBe('VALIDATION_FAILED');

      expect(await errorCode(await create(member, { phoneNumberId: PHONE_NUMBER_ID, name: 'The platform’s', secrets: { accessToken: 'token' } }))).toBe('CHANNEL_ACCOUNT_TAKEN');
      expect(await errorCode(await create(member, { phoneNumberId: '3000004', name: 'Mine', config: { graphUrl: 'http://127.0.0.1:1/' }, secrets: { accessToken: 'token' } }))).toBe('FORBIDDEN');
      expect(await errorCode(await create(member, { phoneNumberId: '3000004', name: 'Mine', secrets: {} }))).toBe('VALIDATION_FAILED');

      const mine = await create(member, { phoneNumberId: '3000004', name: 'Mine', secrets: { accessToken: 'token' } });
      expect(mine.status).toBe(201);
      expect(await errorCode(await create(admin, { phoneNumberId: '3000004', name: 'Again', secrets: { accessToken: 'token' } }))).toBe('CHANNEL_ACCOUNT_TAKEN');
      // Only its owner sees it; the environment's number is the admin's alone.
      const listed = (await (await nodeA.request(numbers, { token: member.accessToken })).json()) as NumberView[];
      expect(listed.map((entry) => entry.address)).toEqual(['3000004']);
    });

    it('are managed in a signed-in session only, never with an API key', async () => {
      const key = ((await (await nodeA.request('/api/v1/apikeys', { method: 'POST', token: admin.accessToken, json: { name: 'integration' } })).json()) as { key: string }).key;
      const response = await nodeA.request(numbers, { headers: { 'x-api-key': key } });
      expect(response.status).toBe(403);
    });
  });
});
