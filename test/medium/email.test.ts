import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxPoller } from '../../src/modules/channels/email/mailbox-poller';
import { inReplyTo, rawMail as mailText, startDovecot, startSmtpSink, type Dovecot, type MailOptions, type SmtpSink } from '../support/mail-servers';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const MAILBOX = 'support@example.com';
const MAILBOX_PASSWORD = 'imap-secret';
const ENV_MAILBOX_ID = 'env:email';
/** Small, so a raw mail over it is refused; every mail of the suite is far below it. */
const MAX_MESSAGE_BYTES = 200_000;

/** A mail to the suite's mailbox unless `to` says otherwise. */
const rawMail = (options: Omit<MailOptions, 'to'> & { to?: string }): string => mailText({ to: MAILBOX, ...options });

/**
 * The e-mail channel against real mail servers on loopback: Dovecot holds the mailbox the workers
 * read over IMAP, an SMTP sink receives the answers. A web node takes the webhook and the
 * settings API; three workers compete for the mailbox, and exactly one reads it at a time.
 */
describe('the e-mail channel', () => {
  let env: TestEnvironment;
  let smtp: SmtpSink;
  let dovecot: Dovecot;
  let web: RunningWebApp;
  let workers: INestApplicationContext[] = [];
  let admin: Session;
  let adminKey: string;

  const readers = (): INestApplicationContext[] => workers.filter((worker) => worker.get(MailboxPoller).activeSessions().includes(ENV_MAILBOX_ID));
  const createKey = async (session: Session, scopes: string[]): Promise<string> => {
    const response = await web.request('/api/v1/apikeys', { method: 'POST', token: session.accessToken, json: { name: `key ${scopes.join(' ')}`, scopes } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { key: string }).key;
  };
  const postWebhook = (key: string, init: { json?: unknown; body?: string | Buffer; contentType?: string }): Promise<Response> =>
    web.request('/api/v1/webhooks/email', {
      method: 'POST',
      headers: { 'x-api-key': key, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
      ...(init.json !== undefined ? { json: init.json } : { body: init.body }),
    });

  beforeAll(async () => {
    [env, smtp, dovecot] = await Promise.all([TestEnvironment.create(), startSmtpSink(), startDovecot({ [MAILBOX]: MAILBOX_PASSWORD })]);
    const config = (role: string) =>
      env.config({
        APP_ROLE: role,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_SECURE: 'false',
        SMTP_FROM: `Support Desk <${MAILBOX}>`,
        IMAP_HOST: '127.0.0.1',
        IMAP_PORT: String(dovecot.port),
        IMAP_SECURE: 'false',
        IMAP_USER: MAILBOX,
        IMAP_PASSWORD: MAILBOX_PASSWORD,
        EMAIL_POLL_INTERVAL_S: '1',
        EMAIL_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      });
    web = await startWebApp(config('web'));
    // The first account owns the mailbox the environment configures.
    admin = await registerUser(web, 'admin@example.com');
    adminKey = await createKey(admin, ['webhooks']);
    workers = await Promise.all([1, 2, 3].map(() => startWorkerApp(config('worker'))));
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await web?.close();
    await Promise.all([smtp?.close(), dovecot?.close()]);
    await env?.dispose();
  });

  it('answers mail delivered to the mailbox by SMTP, in its thread, with the generated file attached, and flags it read', async () => {
    await dovecot.deliver(
      MAILBOX,
      rawMail({
        subject: 'Harbour report',
        messageId: '<q1@example.org>',
        body: 'Write a short report about the harbour as a PDF.\n\nOn Mon, 1 Dec 2025 at 09:00, Support <support@example.com> wrote:\n> How can we help?\n\n-- \nAnn',
      }),
    );

    const answer = await smtp.waitForMail(inReplyTo('<q1@example.org>'), 'the answer to q1');

    expect(answer.to).toEqual(['ann@example.org']);
    expect(answer.parsed.from?.value[0]).toMatchObject({ address: MAILBOX, name: 'Support Desk' });
    expect(answer.parsed.subject).toBe('Re: Harbour report');
    expect(answer.parsed.references).toBe('<q1@example.org>');
    expect(answer.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(answer.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(answer.parsed.text).toBeTruthy();
    expect(answer.parsed.html).toContain('<p>');
    const pdf = answer.parsed.attachments.find((attachment) => attachment.contentType === 'application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The quoted history and the signature never reached the pipeline.
    const [question] = await env.query<{ text: string }>("SELECT text FROM messages WHERE role = 'user' ORDER BY created_at LIMIT 1");
    expect(question?.text).toBe('Harbour report\n\nWrite a short report about the harbour as a PDF.');
    await waitFor(async () => (await dovecot.flagsOf(MAILBOX, '<q1@example.org>'))?.has('\\Seen'), { what: 'q1 to be flagged \\Seen' });
  });

  it('files a reply to the answer in the same chat and answers it in the same thread', async () => {
    const first = await smtp.waitForMail(inReplyTo('<q1@example.org>'));
    const ours = first.parsed.messageId ?? '';
    await dovecot.deliver(MAILBOX, rawMail({ subject: 'Re: Harbour report', messageId: '<q2@example.org>', headers: [`In-Reply-To: ${ours}`, `References: <q1@example.org> ${ours}`], body: 'Thanks! And the opening hours?' }));

    const answer = await smtp.waitForMail(inReplyTo('<q2@example.org>'), 'the answer to q2');

    expect(answer.parsed.subject).toBe('Re: Harbour report');
    expect(answer.parsed.references).toEqual(['<q1@example.org>', ours, '<q2@example.org>']);
    const chats = await env.query<{ chat_id: string }>('SELECT DISTINCT chat_id FROM inbound_messages WHERE chat_id IS NOT NULL');
    expect(chats).toHaveLength(1);
  });

  it('has exactly one of three workers read the mailbox, through one IMAP session', async () => {
    expect(readers()).toHaveLength(1);
    // Every answer so far came through the one session the first reader opened: the other two
    // workers tried the mailbox's lease every second meanwhile and never logged in.
    expect(await dovecot.appLogins(MAILBOX)).toBe(1);
  });

  it('does not answer an auto-reply or a bounce, and still flags them read', async () => {
    await dovecot.deliver(MAILBOX, rawMail({ from: 'Bob <bob@example.net>', subject: 'Out of office', messageId: '<ooo@example.net>', headers: ['Auto-Submitted: auto-replied'], body: 'I am away until Monday.' }));
    await dovecot.deliver(MAILBOX, rawMail({ from: 'MAILER-DAEMON@mx.example.net', subject: 'Undelivered Mail Returned to Sender', messageId: '<bounce@mx.example.net>', body: 'This is the mail system.' }));
    await dovecot.deliver(MAILBOX, rawMail({ from: 'Carol <carol@example.net>', subject: 'Question', messageId: '<c1@example.net>', body: 'What is the harbour?' }));

    // Mail is read in order: once the last one is answered, the two before it were read and skipped.
    await smtp.waitForMail(inReplyTo('<c1@example.net>'), 'the answer to c1');
    expect(smtp.received.filter((mail) => inReplyTo('<ooo@example.net>')(mail) || inReplyTo('<bounce@mx.example.net>')(mail))).toEqual([]);
    expect((await dovecot.flagsOf(MAILBOX, '<ooo@example.net>'))?.has('\\Seen')).toBe(true);
    expect((await dovecot.flagsOf(MAILBOX, '<bounce@mx.example.net>'))?.has('\\Seen')).toBe(true);
  });

  it('answers two mails one person sent in a row, the second once the first is answered', async () => {
    await dovecot.deliver(MAILBOX, rawMail({ from: 'Gus <gus@example.org>', subject: 'First', messageId: '<g1@example.org>', body: 'What is a harbour?' }));
    await dovecot.deliver(MAILBOX, rawMail({ from: 'Gus <gus@example.org>', subject: 'Second', messageId: '<g2@example.org>', body: 'And what is a quay?' }));

    await smtp.waitForMail(inReplyTo('<g1@example.org>'), 'the answer to g1');
    await smtp.waitForMail(inReplyTo('<g2@example.org>'), 'the answer to g2');
  });

  it('takes mail by JSON webhook, answers it, and takes the same message in once', async () => {
    const mail = { from: 'Dan <dan@example.org>', to: `Support <${MAILBOX}>`, subject: 'Webhook', text: 'Hello from the webhook.', messageId: '<w1@example.org>' };

    const accepted = await postWebhook(adminKey, { json: mail });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', chatId: expect.any(String) });
    const again = await postWebhook(adminKey, { json: mail });
    expect(await again.json()).toEqual({ status: 'duplicate' });

    const answer = await smtp.waitForMail(inReplyTo('<w1@example.org>'), 'the answer to w1');
    expect(answer.to).toEqual(['dan@example.org']);
    expect(answer.parsed.subject).toBe('Re: Webhook');
  });

  it('takes a raw message/rfc822 body, and skips an auto-reply sent that way', async () => {
    const raw = rawMail({ from: 'eve@example.org', subject: 'Raw', messageId: '<r1@example.org>', body: 'Raw hello.' });
    const accepted = await postWebhook(adminKey, { body: raw, contentType: 'message/rfc822' });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'accepted' });
    await smtp.waitForMail(inReplyTo('<r1@example.org>'), 'the answer to r1');

    const auto = rawMail({ from: 'eve@example.org', subject: 'Auto', messageId: '<r2@example.org>', headers: ['Precedence: bulk'], body: 'Newsletter.' });
    const skipped = await postWebhook(adminKey, { body: auto, contentType: 'message/rfc822' });
    expect(skipped.status).toBe(202);
    expect(await skipped.json()).toEqual({ status: 'skipped', reason: 'Precedence: bulk' });
  });

  it('refuses webhook calls without the right key, for unknown mailboxes, unreadable and oversized mail', async () => {
    const mail = { from: 'x@example.org', to: MAILBOX, subject: 's', text: 't' };
    const stranger = await registerUser(web, 'stranger@example.com');

    const noKey = await web.request('/api/v1/webhooks/email', { method: 'POST', json: mail });
    expect(noKey.status).toBe(401);
    const badKey = await postWebhook('sk_not_a_real_key', { json: mail });
    expect(badKey.status).toBe(401);
    const chatOnly = await postWebhook(await createKey(admin, ['chat']), { json: mail });
    expect(chatOnly.status).toBe(403);
    expect(((await chatOnly.json()) as { error: { code: string } }).error.code).toBe('INSUFFICIENT_SCOPE');

    const unknown = await postWebhook(adminKey, { json: { ...mail, to: 'nobody@example.com' } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('MAILBOX_UNKNOWN');
    // Someone else's mailbox is as unknown as a missing one.
    const notTheirs = await postWebhook(await createKey(stranger, ['webhooks']), { json: mail });
    expect(notTheirs.status).toBe(404);

    const broken = await postWebhook(adminKey, { body: 'this is not\x00 a mail \xff at all', contentType: 'message/rfc822' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('EMAIL_UNREADABLE');
    const invalid = await postWebhook(adminKey, { json: { ...mail, attachments: [{ name: 'a', mime: 'text/plain', contentBase64: '***' }] } });
    expect(invalid.status).toBe(400);
    const oversized = await postWebhook(adminKey, { body: rawMail({ messageId: '<big@example.org>', body: 'x'.repeat(MAX_MESSAGE_BYTES) }), contentType: 'message/rfc822' });
    expect(oversized.status).toBe(413);
    // Only the webhook reads message/rfc822.
    const elsewhere = await web.request('/api/v1/chats', { method: 'POST', token: admin.accessToken, headers: { 'content-type': 'message/rfc822' }, body: 'x' });
    expect(elsewhere.status).toBe(415);
  });

  it('fails an answer the mail server refuses for good at once, and says why', async () => {
    const response = await postWebhook(adminKey, { json: { from: 'refuse-me@example.org', to: MAILBOX, subject: 'Bounce me', text: 'Hi', messageId: '<f1@example.org>' } });
    const { chatId } = (await response.json()) as { chatId: string };

    const delivery = await waitFor(
      async () => {
        const deliveries = (await (await web.request(`/api/v1/chats/${chatId}/deliveries`, { token: admin.accessToken })).json()) as Array<{ status: string; attempts: number; error: { code: string } | null }>;
        return deliveries.find((entry) => entry.status === 'failed');
      },
      { timeoutMs: 45_000, what: 'the refused answer to fail' },
    );
    expect(delivery).toMatchObject({ attempts: 1, error: { code: 'SMTP_550' } });
  });

  it('manages mailboxes with write-only passwords, and tests one by sending a mail', async () => {
    const user = await registerUser(web, 'mailboxes@example.com');
    const auth = { token: user.accessToken };
    const created = await web.request('/api/v1/channels/email/mailboxes', {
      method: 'POST',
      ...auth,
      json: { address: 'Sales@Example.com', name: 'Sales', config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpSecure: false, smtpUser: 'sales' }, secrets: { smtpPassword: 'smtp-secret' } },
    });
    expect(created.status).toBe(201);
    const mailbox = (await created.json()) as { id: string; address: string; secretsSet: string[]; config: Record<string, unknown> };
    expect(mailbox).toMatchObject({ address: 'sales@example.com', secretsSet: ['smtpPassword'], config: { smtpHost: '127.0.0.1' } });
    expect(JSON.stringify(mailbox)).not.toContain('smtp-secret');

    const taken = await web.request('/api/v1/channels/email/mailboxes', { method: 'POST', ...auth, json: { address: 'sales@example.com', name: 'Again' } });
    expect(taken.status).toBe(409);
    const apiKey = await createKey(user, ['chat', 'webhooks']);
    expect((await web.request('/api/v1/channels/email/mailboxes', { headers: { 'x-api-key': apiKey } })).status).toBe(403);

    const tested = await web.request(`/api/v1/channels/email/mailboxes/${mailbox.id}/test`, { method: 'POST', ...auth, json: { to: 'me@example.org' } });
    expect(tested.status).toBe(200);
    expect(await tested.json()).toEqual({ ok: true, smtp: { ok: true, message: expect.stringContaining('Sent a test mail to me@example.org') }, imap: null });
    const testMail = await smtp.waitForMail((mail) => mail.to.includes('me@example.org'), 'the test mail');
    expect(testMail.parsed.from?.value[0]?.address).toBe('sales@example.com');

    const patched = await web.request(`/api/v1/channels/email/mailboxes/${mailbox.id}`, {
      method: 'PATCH',
      ...auth,
      json: { name: 'Sales team', config: { imapHost: '127.0.0.1', imapPort: dovecot.port, imapSecure: false }, secrets: { imapPassword: 'wrong' } },
    });
    expect(await patched.json()).toMatchObject({ name: 'Sales team', secretsSet: ['imapPassword', 'smtpPassword'], config: { smtpHost: '127.0.0.1', imapHost: '127.0.0.1' } });
    const failing = await web.request(`/api/v1/channels/email/mailboxes/${mailbox.id}/test`, { method: 'POST', ...auth, json: { to: 'me@example.org' } });
    expect(await failing.json()).toMatchObject({ ok: false, smtp: { ok: true }, imap: { ok: false, message: expect.stringContaining('Could not log in') } });

    const list = (await (await web.request('/api/v1/channels/email/mailboxes', auth)).json()) as Array<{ id: string }>;
    expect(list.map((entry) => entry.id)).toEqual([mailbox.id]);
    // The environment's mailbox is its owner's, read-only.
    const adminList = (await (await web.request('/api/v1/channels/email/mailboxes', { token: admin.accessToken })).json()) as Array<{ id: string; fromEnvironment: boolean; secretsSet: string[] }>;
    expect(adminList).toEqual([expect.objectContaining({ id: ENV_MAILBOX_ID, fromEnvironment: true, secretsSet: ['imapPassword'] })]);
    expect((await web.request(`/api/v1/channels/email/mailboxes/${ENV_MAILBOX_ID}`, { method: 'DELETE', token: admin.accessToken })).status).toBe(409);
    expect((await web.request(`/api/v1/channels/email/mailboxes/${mailbox.id}`, { method: 'DELETE', token: admin.accessToken })).status).toBe(404);

    expect((await web.request(`/api/v1/channels/email/mailboxes/${mailbox.id}`, { method: 'DELETE', ...auth })).status).toBe(204);
    expect(await (await web.request('/api/v1/channels/email/mailboxes', auth)).json()).toEqual([]);
  });

  it('mails a result to the user who asked for it, at their own account address (email_me)', async () => {
    const material = 'The city council met on Monday. It approved the new harbour budget. Work on the quay starts in spring.';
    const stream = await web.request('/api/v1/messages/stream', { method: 'POST', token: admin.accessToken, json: { message: `Summarize this and mail it to me: ${material}` } });
    const events = await readSse(stream, isTerminal);

    expect(events.at(-1)?.event).toBe('complete');
    const steps = events.filter((event) => event.event === 'task_update').map((event) => event.data as { capability: string; state: string });
    expect(steps).toContainEqual({ nodeId: expect.any(String), capability: 'email_me', state: 'done' });
    const mail = await smtp.waitForMail((received) => received.to.includes('admin@example.com'), 'the mailed result');
    // The request's first line, cut to 80 characters.
    expect(mail.parsed.subject).toMatch(/^Switchboard: Summarize this and mail it to me: The city council .{10,40}…$/);
    // The summary step's text, whatever the offline provider made of it.
    expect(mail.parsed.text?.trim()).toBeTruthy();
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('hands the mailbox to another worker when its reader shuts down', async () => {
    const [reader] = readers();
    if (!reader) throw new Error('no worker reads the mailbox');
    workers = workers.filter((worker) => worker !== reader);
    await reader.close();

    await waitFor(() => readers().length === 1, { what: 'another worker to take the mailbox over' });
    await dovecot.deliver(MAILBOX, rawMail({ from: 'Fay <fay@example.org>', subject: 'After the handover', messageId: '<h1@example.org>', body: 'Still there?' }));
    await smtp.waitForMail(inReplyTo('<h1@example.org>'), 'the answer to h1');
    expect(await dovecot.appLogins(MAILBOX)).toBe(2);
  });
});
