import type Mail from 'nodemailer/lib/mailer';
import type { EmailReplyAddress } from '../channel.types';
import { markdownToHtml } from './markdown-html';

/** A thread's References beyond the last ones add nothing for mail clients, and headers have a size. */
const MAX_REFERENCES = 20;

export interface MailAttachment {
  name: string;
  mime: string;
  data: Buffer;
}

/** "Re: " once: a subject that already starts with it (any case) keeps its own. */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (trimmed === '') return 'Re: your message';
  return trimmed.slice(0, 3).toLowerCase() === 're:' ? trimmed : `Re: ${trimmed}`;
}

/** Our own Message-ID for a stored message: the same on every retry, so a mail sent twice reads as one. */
export function messageIdFor(messageId: string, fromAddress: string): string {
  const at = fromAddress.lastIndexOf('@');
  const domain = at >= 0 ? fromAddress.slice(at + 1) : 'localhost';
  return `<${messageId}@${domain}>`;
}

/**
 * The answer to an inbound mail: from the mailbox that was written to, to the sender, in their
 * thread (In-Reply-To and References, "Re: " subject), as text (the Markdown itself) and HTML,
 * with the generated files attached. Marked as an automatic reply (RFC 3834), so the other side's
 * auto-responders stay quiet and no loop starts.
 */
export function composeReply(input: { messageId: string; senderName: string; reply: EmailReplyAddress; markdown: string; attachments: readonly MailAttachment[] }): Mail.Options & { messageId: string } {
  const { reply } = input;
  const references = [...new Set([...reply.references, ...(reply.inReplyTo ? [reply.inReplyTo] : [])])].slice(-MAX_REFERENCES);
  return {
    from: { name: input.senderName, address: reply.from },
    to: reply.to,
    subject: replySubject(reply.subject),
    messageId: messageIdFor(input.messageId, reply.from),
    ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    text: input.markdown,
    html: markdownToHtml(input.markdown),
    attachments: attachmentsOf(input.attachments),
  };
}

/** A result mailed to its own user (email_me): a new message, generated rather than a reply. */
export function composeResult(input: { messageId: string; from: { name: string; address: string }; to: string; subject: string; markdown: string; attachments: readonly MailAttachment[] }): Mail.Options & { messageId: string } {
  return {
    from: input.from,
    to: input.to,
    subject: input.subject,
    messageId: messageIdFor(input.messageId, input.from.address),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    text: input.markdown,
    html: markdownToHtml(input.markdown),
    attachments: attachmentsOf(input.attachments),
  };
}

function attachmentsOf(attachments: readonly MailAttachment[]): Mail.Attachment[] {
  return attachments.map((attachment) => ({ filename: attachment.name, contentType: attachment.mime, content: attachment.data }));
}
