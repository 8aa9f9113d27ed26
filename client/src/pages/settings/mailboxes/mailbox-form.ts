import { ApiError } from '../../../api/http';
import { errorMessage } from '../../../lib/error-messages';
import type { Mailbox, MailboxChange, MailboxConfig, MailboxSecretName, NewMailbox } from './mailboxes-api';

/** One server's settings as typed: ports as text, the password empty unless a new one is typed. */
export interface ServerForm {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  /** A new password; empty keeps the saved one. */
  password: string;
  /** Remove the saved password on save. */
  forgetPassword: boolean;
}

/** What the editor edits. */
export interface MailboxForm {
  address: string;
  name: string;
  active: boolean;
  imap: ServerForm;
  smtp: ServerForm;
}

export type ServerKind = 'imap' | 'smtp';
export type MailboxFormErrors = Partial<Record<'address' | 'name' | 'imap.host' | 'imap.port' | 'smtp.host' | 'smtp.port', string>>;

/** The server's limits (docs/channels.md#email). */
export const LIMITS = { address: 254, name: 100, host: 253, user: 254, password: 1000 } as const;

/** What each server defaults to: TLS from the start for IMAP, STARTTLS for SMTP. */
export const SERVER_DEFAULTS: Record<ServerKind, { secure: boolean; port: (secure: boolean) => number }> = {
  imap: { secure: true, port: (secure) => (secure ? 993 : 143) },
  smtp: { secure: false, port: (secure) => (secure ? 465 : 587) },
};

const SECRET: Record<ServerKind, MailboxSecretName> = { imap: 'imapPassword', smtp: 'smtpPassword' };
/** A host name or address: no spaces, no scheme, no path. */
const HOST = /^[A-Za-z0-9.:[\]_-]+$/;

function serverOf(kind: ServerKind, config: MailboxConfig): ServerForm {
  const host = config[`${kind}Host`];
  const port = config[`${kind}Port`];
  return {
    host: host ?? '',
    port: port == null ? '' : String(port),
    secure: config[`${kind}Secure`] ?? SERVER_DEFAULTS[kind].secure,
    user: config[`${kind}User`] ?? '',
    password: '',
    forgetPassword: false,
  };
}

export function formOf(mailbox: Mailbox | undefined): MailboxForm {
  const config = mailbox?.config ?? {};
  return { address: mailbox?.address ?? '', name: mailbox?.name ?? '', active: mailbox?.active ?? true, imap: serverOf('imap', config), smtp: serverOf('smtp', config) };
}

export function sameForm(a: MailboxForm, b: MailboxForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Enough to tell a typo from an address (something@domain.tld, no spaces); the server checks properly. */
function looksLikeAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  return at > 0 && value.slice(at + 1).includes('.') && !value.endsWith('.') && !/\s/.test(value);
}

function checkPort(port: string): string | undefined {
  if (port.trim() === '') return undefined;
  const value = Number(port.trim());
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'A port is a whole number from 1 to 65535.';
}

function checkHost(host: string): string | undefined {
  const value = host.trim();
  if (value === '') return undefined;
  if (value.length > LIMITS.host || !HOST.test(value)) return 'Enter a host name such as imap.example.com, without https:// or a path.';
  return undefined;
}

export function formErrors(form: MailboxForm, creating: boolean): MailboxFormErrors {
  const errors: MailboxFormErrors = {};
  if (creating && !looksLikeAddress(form.address.trim())) errors.address = 'Enter the address people write to, such as support@example.com.';
  if (form.name.trim() === '') errors.name = 'Give the mailbox a name: answers are sent with it as the sender’s name.';
  for (const kind of ['imap', 'smtp'] as const) {
    const host = checkHost(form[kind].host);
    if (host) errors[`${kind}.host`] = host;
    const port = checkPort(form[kind].port);
    if (port) errors[`${kind}.port`] = port;
  }
  return errors;
}

/** The settings of one server as the API takes them; without a host, none (`cleared`: null for each, removing stored ones). */
function configOf(kind: ServerKind, server: ServerForm, cleared: boolean): MailboxConfig {
  const host = server.host.trim();
  if (host === '') return cleared ? { [`${kind}Host`]: null, [`${kind}Port`]: null, [`${kind}Secure`]: null, [`${kind}User`]: null } : {};
  const port = server.port.trim();
  return {
    [`${kind}Host`]: host,
    [`${kind}Port`]: port === '' ? SERVER_DEFAULTS[kind].port(server.secure) : Number(port),
    [`${kind}Secure`]: server.secure,
    [`${kind}User`]: server.user.trim() === '' ? (cleared ? null : undefined) : server.user.trim(),
  };
}

function secretsOf(form: MailboxForm): NonNullable<NewMailbox['secrets']> {
  const secrets: NonNullable<NewMailbox['secrets']> = {};
  for (const kind of ['imap', 'smtp'] as const) {
    const server = form[kind];
    if (server.password !== '') secrets[SECRET[kind]] = server.password;
    else if (server.forgetPassword) secrets[SECRET[kind]] = '';
  }
  return secrets;
}

export function toNewMailbox(form: MailboxForm): NewMailbox {
  const config = withoutUndefined({ ...configOf('imap', form.imap, false), ...configOf('smtp', form.smtp, false) });
  return { address: form.address.trim(), name: form.name.trim(), config, secrets: secretsOf(form) };
}

/** The changes to send: every setting (a server without a host removes its stored settings) and only the passwords touched. */
export function toChange(id: string, form: MailboxForm): MailboxChange {
  const config = withoutUndefined({ ...configOf('imap', form.imap, true), ...configOf('smtp', form.smtp, true) });
  const secrets = secretsOf(form);
  return { id, name: form.name.trim(), active: form.active, config, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}

function withoutUndefined(config: MailboxConfig): MailboxConfig {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

/** How a saved password is shown: never its value. */
export function passwordHint(mailbox: Mailbox | undefined, kind: ServerKind, server: ServerForm): string {
  const saved = mailbox?.secretsSet.includes(SECRET[kind]) ?? false;
  if (server.forgetPassword) return 'The saved password is removed when you save.';
  if (server.password !== '') return saved ? 'Replaces the saved password when you save.' : 'Saved when you save; never shown again.';
  return saved ? 'A password is saved. Type a new one to replace it.' : 'Never shown again once saved.';
}

export function hasSavedPassword(mailbox: Mailbox | undefined, kind: ServerKind): boolean {
  return mailbox?.secretsSet.includes(SECRET[kind]) ?? false;
}

/** Human words for a refused save: the address taken, or the server's own for a field it names. */
export function saveRefusal(error: unknown): { field: keyof MailboxFormErrors | null; message: string } {
  if (error instanceof ApiError && error.code === 'CHANNEL_ACCOUNT_TAKEN') return { field: 'address', message: 'This address is set up already, here or by someone else.' };
  if (error instanceof ApiError && (error.code === 'CONFLICT' || error.code === 'VALIDATION_FAILED')) {
    const field = error.code === 'VALIDATION_FAILED' ? (['address', 'name'] as const).find((name) => error.message.startsWith(name)) : undefined;
    return { field: field ?? null, message: error.message };
  }
  return { field: null, message: errorMessage(error) };
}
