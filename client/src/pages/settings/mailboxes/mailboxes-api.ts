import type { Mailbox, MailboxChange as MailboxUpdate, MailboxTestResult, NewMailbox } from '../../../../../src/contracts/channels';
import { request } from '../../../api/http';

/** The wire types are the server's contract (src/contracts). */
export type { Mailbox, MailboxConfig, MailboxSecretName, NewMailbox } from '../../../../../src/contracts/channels';

/** A change to one mailbox: the fields given change (docs/channels.md#email). */
export type MailboxChange = MailboxUpdate & { id: string };

const mailboxPath = (id: string) => `/channels/email/mailboxes/${encodeURIComponent(id)}`;

export function listMailboxes(signal?: AbortSignal): Promise<Mailbox[]> {
  return request('/channels/email/mailboxes', { signal });
}

export function createMailbox(mailbox: NewMailbox): Promise<Mailbox> {
  return request('/channels/email/mailboxes', { method: 'POST', body: mailbox });
}

export function updateMailbox({ id, ...change }: MailboxChange): Promise<Mailbox> {
  return request(mailboxPath(id), { method: 'PATCH', body: change });
}

export function deleteMailbox(id: string): Promise<void> {
  return request(mailboxPath(id), { method: 'DELETE' });
}

/** Sends a test mail to `to` and logs in to the IMAP server; answers what worked in words. */
export function testMailbox(id: string, to: string): Promise<MailboxTestResult> {
  return request(`${mailboxPath(id)}/test`, { method: 'POST', body: { to } });
}
