import { describe, expect, it } from 'vitest';
import { composeReply, composeResult, messageIdFor, replySubject } from './outbound-mail';

describe('replySubject', () => {
  it('adds "Re: " once, whatever its case', () => {
    expect(replySubject('Harbour report')).toBe('Re: Harbour report');
    expect(replySubject('Re: Harbour report')).toBe('Re: Harbour report');
    expect(replySubject('RE:Harbour')).toBe('RE:Harbour');
    expect(replySubject('  ')).toBe('Re: your message');
  });
});

describe('composeReply', () => {
  const reply = { channel: 'email' as const, to: 'ann@example.org', from: 'support@example.com', subject: 'Question', inReplyTo: '<q2@example.org>', references: ['<q1@example.org>', '<ours@example.com>'] };

  it('answers in the thread, from the mailbox, as text and HTML, marked as an automatic reply', () => {
    const mail = composeReply({ messageId: 'm-1', senderName: 'Support', reply, markdown: 'Hello **Ann**', attachments: [{ name: 'a.pdf', mime: 'application/pdf', data: Buffer.from('%PDF') }] });

    expect(mail).toMatchObject({
      from: { name: 'Support', address: 'support@example.com' },
      to: 'ann@example.org',
      subject: 'Re: Question',
      messageId: '<m-1@example.com>',
      inReplyTo: '<q2@example.org>',
      references: ['<q1@example.org>', '<ours@example.com>', '<q2@example.org>'],
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'Hello **Ann**',
      attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }],
    });
    expect(mail.html).toContain('<p>Hello Ann</p>');
  });

  it('keeps the last references only, each once', () => {
    const many = Array.from({ length: 30 }, (_, i) => `<r${i}@x>`);
    const mail = composeReply({ messageId: 'm', senderName: 'S', reply: { ...reply, references: [...many, '<q2@example.org>'] }, markdown: '', attachments: [] });

    expect(mail.references).toHaveLength(20);
    expect((mail.references as string[]).at(-1)).toBe('<q2@example.org>');
  });

  it('sends a message without a thread as a plain new one', () => {
    const mail = composeReply({ messageId: 'm', senderName: 'S', reply: { ...reply, inReplyTo: null, references: [] }, markdown: 'x', attachments: [] });

    expect(mail).not.toHaveProperty('inReplyTo');
    expect(mail).not.toHaveProperty('references');
  });
});

describe('composeResult', () => {
  it('mails a result as generated mail with its own id', () => {
    const mail = composeResult({ messageId: 'n1', from: { name: 'Switchboard', address: 'no-reply@example.com' }, to: 'me@example.org', subject: 'Your result', markdown: 'Done', attachments: [] });

    expect(mail).toMatchObject({ to: 'me@example.org', subject: 'Your result', messageId: '<n1@example.com>', headers: { 'Auto-Submitted': 'auto-generated' } });
  });
});

describe('messageIdFor', () => {
  it('is stable for a message and uses the sender’s domain', () => {
    expect(messageIdFor('abc', 'support@example.com')).toBe('<abc@example.com>');
    expect(messageIdFor('abc', 'support@example.com')).toBe(messageIdFor('abc', 'support@example.com'));
    expect(messageIdFor('abc', 'local')).toBe('<abc@localhost>');
  });
});
