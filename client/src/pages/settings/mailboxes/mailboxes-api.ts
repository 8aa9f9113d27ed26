import { request } from '../../../api/http';

/** A mailbox's server settings (docs/channels.md#email); every key may be absent. */
export interface MailboxConfig {
  imapHost?: string | null;
  imapPort?: number | null;
  imapSecure?: boolean | null;
  imapUser?: string | null;
  smtpHost?: string | null;
  smtpPort?: number | null;
  smtpSecure?: boolean | null;
  smtpUser?: string | null;
}

export type MailboxSecretName = 'imapPassword' | 'smtpPassword';

export interface Mailbox {
  /** A UUID, or `env:email` for the mailbox the server's environment configures. */
  id: string;
  address: string;
  name: string;
  config: MailboxConfig;
  /** Which passwords are set; their values are never sent back. */
  secretsSet: MailboxSecretName[];
  active: boolean;
  /** Configured by environment variables: read-only here. */
  fromEnvironment: boolean;
  createdAt: string;
}

export interface NewMailbox {
  address: string;
  name: string;
  config: MailboxConfig;
  secrets: Partial<Record<MailboxSecretName, string>>;
}

/** Config keys given replace the stored ones (null removes one); secrets likewise ("" removes one). */
export interface MailboxChange {
  id: string;
  name?: string;
  active?: boolean;
  config?: MailboxConfig;
  secrets?: Partial<Record<MailboxSecretName, string>>;
}

/** One check of a test: whether it worked, and what happened in words. */
export interface MailboxCheck {
  ok: boolean;
  message: string;
}

export interface MailboxTestResult {
  ok: boolean;
  /** Whether the test mail went out. */
  smtp: MailboxCheck;
  /** Whether logging in to the IMAP server worked; null without IMAP settings. */
  imap: MailboxCheck | null;
}

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
