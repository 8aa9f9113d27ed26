import { describe, expect, it } from 'vitest';
import type { ChannelAccount } from '../channel-accounts.service';
import { inboundFromMail, normalizeId, parseJsonMail, parseMimeMail, UnreadableMailError, type IncomingMail } from './incoming-mail';

const mime = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'latin1');

const account: ChannelAccount = {
  id: 'acc-1',
  channel: 'email',
  ownerUserId: 'user-1',
  address: 'support@example.com',
  name: 'Support',
  config: {},
  secrets: {},
  active: true,
  createdAt: new Date(0),
};
const limits = { maxAttachmentBytes: 1024, maxAttachments: 2 };

describe('parseMimeMail', () => {
  it('reads sender, recipients, subject, ids and the text part', async () => {
    const mail = await parseMimeMail(
      mime(
        'From: "Ann Example" <Ann@Example.org>',
        'To: Support <Support@Example.com>',
        'Cc: other@example.net',
        'Delivered-To: alias@example.com',
        'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
        'Message-ID: <Abc.1@example.org>',
        'In-Reply-To: <prev@example.com>',
        'References: <first@example.org>\r\n <prev@example.com>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello there',
      ),
    );

    expect(mail).toMatchObject({
      from: { address: 'ann@example.org', name: 'Ann Example' },
      recipients: ['support@example.com', 'other@example.net', 'alias@example.com'],
      subject: 'Grüße',
      body: 'Hello there',
      messageId: '<Abc.1@example.org>',
      inReplyTo: '<prev@example.com>',
      references: ['<first@example.org>', '<prev@example.com>'],
      attachments: [],
    });
    expect(mail.headers.get('delivered-to')).toBe('alias@example.com');
  });

  it('reads the HTML part as text when there is no text part, also next to an attachment', async () => {
    const mail = await parseMimeMail(
      mime(
        'From: ann@example.org',
        'To: support@example.com',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Please <b>summarise</b> this.</p><img src="cid:logo"><blockquote>old thread</blockquote><script>bad()</script>',
        '--b',
        'Content-Type: text/plain; name=notes.txt',
        'Content-Disposition: attachment; filename=notes.txt',
        '',
        'the notes',
        '--b--',
      ),
    );

    expect(mail.body).toContain('Please summarise this.');
    expect(mail.body).toContain('> old thread');
    expect(mail.body).not.toContain('bad()');
    expect(mail.attachments).toEqual([{ name: 'notes.txt', mime: 'text/plain', data: Buffer.from('the notes') }]);
  });

  it('reads pathologically nested HTML by its text, quickly and without overflowing the stack', async () => {
    const deep = `<p>Please help.</p>${'<div><ul><li>'.repeat(40_000)}the end`;
    const started = performance.now();
    const mail = await parseMimeMail(mime('From: ann@example.org', 'Content-Type: text/html; charset=utf-8', '', deep));

    expect(mail.body).toContain('Please help.');
    expect(mail.body).toContain('the end');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('decodes an unknown charset as well as it can instead of failing', async () => {
    const mail = await parseMimeMail(mime('From: ann@example.org', 'Content-Type: text/plain; charset=no-such-charset', '', 'caf\xe9 ok'));

    expect(mail.body).toContain('ok');
  });

  it('refuses a message without a sender address', async () => {
    await expect(parseMimeMail(Buffer.from('not a mail at all \x00\xff'))).rejects.toBeInstanceOf(UnreadableMailError);
    await expect(parseMimeMail(mime('From: undisclosed', 'Subject: x', '', 'body'))).rejects.toThrow(/sender/);
  });

  it('derives a stable id from the content when the message has none', async () => {
    const raw = mime('From: ann@example.org', 'Subject: no id', '', 'body');
    const first = await parseMimeMail(raw);

    expect(first.messageId).toMatch(/^<[0-9a-f]{40}@switchboard\.invalid>$/);
    expect((await parseMimeMail(raw)).messageId).toBe(first.messageId);
    expect((await parseMimeMail(mime('From: ann@example.org', 'Subject: no id', '', 'other body'))).messageId).not.toBe(first.messageId);
  });

  it('leaves out the inline images of an HTML body', async () => {
    const mail = await parseMimeMail(
      mime(
        'From: ann@example.org',
        'Content-Type: multipart/related; boundary=r',
        '',
        '--r',
        'Content-Type: text/html',
        '',
        '<p>hi</p><img src="cid:logo@x">',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--r--',
      ),
    );

    expect(mail.attachments).toEqual([]);
  });
});

describe('parseJsonMail', () => {
  it('reads the JSON form like the MIME one, attachments and automation headers included', async () => {
    const mail = await parseJsonMail({
      from: 'Ann <ann@example.org>',
      to: 'support@example.com',
      subject: 'Report',
      text: 'See attached.',
      messageId: 'id-1@example.org',
      inReplyTo: '<prev@example.com>',
      references: ['<prev@example.com>'],
      headers: { 'Auto-Submitted': 'auto-replied', From: 'forged@example.net' },
      attachments: [{ name: 'a.txt', mime: 'text/plain', contentBase64: Buffer.from('data').toString('base64') }],
    });

    expect(mail).toMatchObject({
      from: { address: 'ann@example.org', name: 'Ann' },
      recipients: ['support@example.com'],
      subject: 'Report',
      body: 'See attached.',
      messageId: '<id-1@example.org>',
      inReplyTo: '<prev@example.com>',
      references: ['<prev@example.com>'],
      attachments: [{ name: 'a.txt', mime: 'text/plain', data: Buffer.from('data') }],
    });
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('reads an HTML-only body and derives the same id for the same content', async () => {
    const json = { from: 'ann@example.org', to: 'support@example.com', subject: 'Hi', text: '', html: '<p>Only <i>HTML</i></p>' };
    const mail = await parseJsonMail(json);

    expect(mail.body.trim()).toBe('Only HTML');
    expect((await parseJsonMail(json)).messageId).toBe(mail.messageId);
  });
});

describe('inboundFromMail', () => {
  const base: IncomingMail = {
    from: { address: 'ann@example.org', name: 'Ann' },
    recipients: ['support@example.com'],
    subject: 'Translate into German',
    body: 'Good morning, everyone.\n\n-- \nAnn',
    messageId: '<m1@example.org>',
    inReplyTo: null,
    references: [],
    headers: new Map(),
    attachments: [],
  };

  it('heads a new thread with its subject and answers the sender from the mailbox', () => {
    const receivedAt = new Date();

    expect(inboundFromMail(base, account, limits, receivedAt)).toEqual({
      channel: 'email',
      accountId: 'acc-1',
      externalId: '<m1@example.org>',
      sender: { address: 'ann@example.org', name: 'Ann' },
      text: 'Translate into German\n\nGood morning, everyone.',
      attachments: [],
      replyAddress: { channel: 'email', to: 'ann@example.org', from: 'support@example.com', subject: 'Translate into German', inReplyTo: '<m1@example.org>', references: [] },
      continues: [],
      receivedAt,
    });
  });

  it('continues the thread a reply names, without repeating the subject', () => {
    const reply = { ...base, subject: 'Re: Translate', inReplyTo: '<ours@example.com>', references: ['<m0@example.org>', '<ours@example.com>'], body: 'And into French?\n\nOn Mon, 1 Jan 2024, Support <support@example.com> wrote:\n> Guten Morgen' };
    const inbound = inboundFromMail(reply, account, limits, new Date());

    expect(inbound.text).toBe('And into French?');
    expect(inbound.continues).toEqual(['<m0@example.org>', '<ours@example.com>']);
    expect(inbound.replyAddress).toMatchObject({ inReplyTo: '<m1@example.org>', references: ['<m0@example.org>', '<ours@example.com>'] });
  });

  it('takes in attachments within the limits and names the others in the text', () => {
    const file = (name: string, size: number) => ({ name, mime: 'text/plain', data: Buffer.alloc(size) });
    const mail = { ...base, attachments: [file('big.txt', 2048), file('a.txt', 10), file('b.txt', 10), file('c.txt', 10)] };
    const inbound = inboundFromMail(mail, account, limits, new Date());

    expect(inbound.attachments.map((attachment) => attachment.name)).toEqual(['a.txt', 'b.txt']);
    expect(inbound.text).toContain('[Attachments not taken in: big.txt (larger than 1 KB), c.txt (more than 2 attachments)]');
  });
});

describe('normalizeId', () => {
  it('brackets ids once, keeps their case and refuses empty or oversized ones', () => {
    expect(normalizeId('Abc@x')).toBe('<Abc@x>');
    expect(normalizeId(' <<Abc@x>> ')).toBe('<Abc@x>');
    expect(normalizeId('<>')).toBeNull();
    expect(normalizeId('x'.repeat(2000))).toBeNull();
  });
});
