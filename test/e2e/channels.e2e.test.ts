import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../support/fake-graph-api';
import { waitFor } from '../support/wait-for';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

const PHONE_NUMBER_ID = '1000001';
const APP_SECRET = 'e2e-app-secret';
const CONTACT = '4915100000077';
const CONTACT_NAME = 'Mara Contact';
const INBOUND_TEXT = 'Hello from WhatsApp, are you open on Sunday?';
const REPLY_TEXT = 'Olivia here: yes, from ten to two this Sunday.';

/**
 * A WhatsApp conversation in the owner's browser: a message arrives through Meta's signed webhook
 * (Meta's Graph API is a local server), the AI answers it on WhatsApp, the conversation shows up in
 * the chat list marked WhatsApp, the owner replies as a person from the chat page, the reply goes
 * out through the Graph API, and its delivery status follows Meta's status updates live.
 */
describe('a WhatsApp conversation answered from the browser', () => {
  let graph: FakeGraphApi;
  const suite = browserSuite(async () => {
    graph = await FakeGraphApi.start();
    return {
      env: {
        WHATSAPP_GRAPH_URL: graph.baseUrl,
        WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_ACCESS_TOKEN: 'e2e-access-token',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'e2e-verify-token',
      },
    };
  });
  let owner: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    // The first account is the admin, who owns the number configured by the environment.
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `owner-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery', name: 'Olivia' }),
    });
    expect(response.status).toBe(201);
    owner = (await response.json()) as typeof owner;
  });
  afterAll(async () => {
    await graph?.close();
  });

  /** Meta's notification, signed with the app secret as Meta signs it. */
  async function notify(value: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '4930000000', phone_number_id: PHONE_NUMBER_ID }, ...value } }] }],
    });
    const response = await fetch(`${suite.app.baseUrl}/api/v1/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
      body,
    });
    expect(response.status).toBe(200);
  }

  it('lists the conversation as WhatsApp, sends a person’s reply through the Graph API and shows it read', async () => {
    await notify({
      contacts: [{ profile: { name: CONTACT_NAME }, wa_id: CONTACT }],
      messages: [{ from: CONTACT, id: `wamid.in.${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: INBOUND_TEXT } }],
    });
    // The AI (the offline provider) answers on WhatsApp first.
    await waitFor(() => graph.textsTo(CONTACT).length === 1, { what: 'the AI answer sent to WhatsApp', timeoutMs: 30_000 });

    const page = await openSignedInPage(suite, owner, '/chat');

    const conversation = page.getByRole('link', { name: /Hello from WhatsApp/ });
    await expect(conversation.textContent()).resolves.toContain('WhatsApp');
    await conversation.click();
    await page.getByText('WhatsApp conversation').waitFor();
    await page.getByRole('article', { name: 'Their message' }).filter({ hasText: INBOUND_TEXT }).waitFor();

    const composer = page.getByPlaceholder('Reply on WhatsApp as you…');
    await composer.fill(REPLY_TEXT);
    await page.getByRole('button', { name: 'Send reply on WhatsApp' }).click();

    await waitFor(() => graph.textsTo(CONTACT).some((text) => text.includes('yes, from ten to two')), { what: 'the reply sent through the Graph API' });
    const reply = page.locator('.message').filter({ hasText: REPLY_TEXT });
    await reply.getByText('Sent', { exact: true }).waitFor();

    // Meta reports the reply read: the chat shows it without a reload.
    const sent = graph.accepted.find((message) => JSON.stringify(message.body).includes('yes, from ten to two'));
    expect(sent).toBeDefined();
    await notify({ statuses: [{ id: sent?.id, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: CONTACT }] });
    await reply.getByText('Read', { exact: true }).waitFor();

    expect(suite.watched.errors).toEqual([]);
  });
});
