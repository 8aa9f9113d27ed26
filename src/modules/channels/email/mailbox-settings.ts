import addressparser from 'nodemailer/lib/addressparser';
import type { AppConfig } from '../../../config/app-config';
import type { ChannelAccount } from '../channel-accounts.service';

/** A mailbox account's non-secret settings (`ChannelAccount.config` of an e-mail account). */
export interface MailboxConfig {
  imapHost?: string;
  imapPort?: number;
  imapSecure?: boolean;
  imapUser?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpSecure?: boolean;
  smtpUser?: string;
}

/** Its secrets (`ChannelAccount.secrets`), write-only through the API. */
export interface MailboxSecrets {
  imapPassword?: string;
  smtpPassword?: string;
}

export const MAILBOX_SECRET_NAMES = ['imapPassword', 'smtpPassword'] as const;

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
}

const DEFAULT_IMAP_PORT = { secure: 993, plain: 143 };
const DEFAULT_SMTP_PORT = { secure: 465, plain: 587 };

/** Where the worker reads the mailbox's new mail; null when it has no IMAP settings (mail then comes by webhook only). */
export function imapSettingsOf(account: Pick<ChannelAccount, 'config' | 'secrets' | 'address'>): ImapSettings | null {
  const config = account.config as MailboxConfig;
  if (!config.imapHost) return null;
  const secure = config.imapSecure ?? true;
  return {
    host: config.imapHost,
    port: config.imapPort ?? (secure ? DEFAULT_IMAP_PORT.secure : DEFAULT_IMAP_PORT.plain),
    secure,
    user: config.imapUser || account.address,
    password: account.secrets.imapPassword ?? '',
  };
}

/**
 * How mail from the mailbox is sent: its own SMTP settings, else the platform's (SMTP_*); null
 * when neither is configured.
 */
export function smtpSettingsOf(account: Pick<ChannelAccount, 'config' | 'secrets'> | null, environment: AppConfig['smtp']): SmtpSettings | null {
  const config = (account?.config ?? {}) as MailboxConfig;
  if (config.smtpHost) {
    const secure = config.smtpSecure ?? false;
    return {
      host: config.smtpHost,
      port: config.smtpPort ?? (secure ? DEFAULT_SMTP_PORT.secure : DEFAULT_SMTP_PORT.plain),
      secure,
      user: config.smtpUser || null,
      password: account?.secrets.smtpPassword ?? null,
    };
  }
  if (!environment.host) return null;
  return { host: environment.host, port: environment.port, secure: environment.secure, user: environment.user ?? null, password: environment.password ?? null };
}

/** SMTP_FROM ("Switchboard <no-reply@example.com>") as a name and a lower-case address; null when it names no address. */
export function platformSender(environment: AppConfig['smtp']): { name: string; address: string } | null {
  const [first] = addressparser(environment.from, { flatten: true });
  if (!first?.address?.includes('@')) return null;
  return { name: first.name || 'Switchboard', address: first.address.toLowerCase() };
}

/**
 * The mailbox the environment configures (SMTP_* and IMAP_*), as a channel account: its address
 * is SMTP_FROM's; null unless IMAP or SMTP is set.
 */
export function environmentMailbox(config: AppConfig): Pick<ChannelAccount, 'address' | 'name' | 'config' | 'secrets'> | null {
  const { smtp, imap } = config;
  const sender = platformSender(smtp);
  if ((!smtp.host && !imap.host) || !sender) return null;
  const mailbox: MailboxConfig = {
    ...(imap.host ? { imapHost: imap.host, imapPort: imap.port, imapSecure: imap.secure, ...(imap.user ? { imapUser: imap.user } : {}) } : {}),
    ...(smtp.host ? { smtpHost: smtp.host, smtpPort: smtp.port, smtpSecure: smtp.secure, ...(smtp.user ? { smtpUser: smtp.user } : {}) } : {}),
  };
  const secrets: MailboxSecrets = {
    ...(imap.password ? { imapPassword: imap.password } : {}),
    ...(smtp.password ? { smtpPassword: smtp.password } : {}),
  };
  return { address: sender.address, name: sender.name, config: { ...mailbox }, secrets: { ...secrets } };
}
