/**
 * WhatsApp numbers and mailboxes (the channel accounts) as they travel in JSON (docs/channels.md).
 * Types only (README, repository layout). A channel's account settings are stored as JSON, so the
 * server lists them untyped (`ChannelAccount`); the per-channel types say what each channel keeps.
 */

/** Channels whose people are reached outside the app, through an adapter of their own. */
export type ExternalChannel = 'whatsapp' | 'email';

/** An account as the API shows it: which secrets are set, never their values. */
export interface ChannelAccount<Config = Record<string, unknown>, SecretName extends string = string> {
  /** A UUID, or `env:<channel>` for the account the server's environment configures. */
  id: string;
  channel: ExternalChannel;
  /** A mailbox's address, a number's Cloud API phone number id. */
  address: string;
  name: string;
  config: Config;
  /** Which secrets are set; their values are never sent back. */
  secretsSet: SecretName[];
  active: boolean;
  /** Configured by environment variables: read-only here. */
  fromEnvironment: boolean;
  createdAt: string;
}

/** What a channel account's PATCH may change besides its channel's own settings. */
export interface ChannelAccountChange {
  name?: string;
  /** Off: nothing is taken in from it and nothing is sent from it. */
  active?: boolean;
}

/** A mailbox's server settings; every key may be absent (a mailbox may only send, or only receive by webhook), and null removes one. */
export interface MailboxConfig {
  imapHost?: string | null;
  imapPort?: number | null;
  /** TLS from the start (993); false: STARTTLS when the server offers it (143). */
  imapSecure?: boolean | null;
  /** Defaults to the mailbox's address. */
  imapUser?: string | null;
  smtpHost?: string | null;
  smtpPort?: number | null;
  /** TLS from the start (465); false: STARTTLS (587). */
  smtpSecure?: boolean | null;
  smtpUser?: string | null;
}

export type MailboxSecretName = 'imapPassword' | 'smtpPassword';

/** Write-only: an empty string removes one. */
export type MailboxSecrets = Partial<Record<MailboxSecretName, string>>;

export type Mailbox = ChannelAccount<MailboxConfig, MailboxSecretName>;

/** `POST /channels/email/mailboxes`. The name is shown as the sender's name on answers. */
export interface NewMailbox {
  /** The address mail is sent to and answered from. */
  address: string;
  name: string;
  config?: MailboxConfig;
  secrets?: MailboxSecrets;
}

/** `PATCH /channels/email/mailboxes/:id`: config keys given replace the stored ones, secrets likewise. */
export interface MailboxChange extends ChannelAccountChange {
  config?: MailboxConfig;
  secrets?: MailboxSecrets;
}

/** One check of a mailbox test: whether it worked, and what happened in words. */
export interface MailboxCheck {
  ok: boolean;
  message: string;
}

/** `POST /channels/email/mailboxes/:id/test`. */
export interface MailboxTestResult {
  /** Every check passed. */
  ok: boolean;
  /** Sending: the test mail went out, or why not. */
  smtp: MailboxCheck;
  /** Reading: logged in to the IMAP server, or why not; null without IMAP settings. */
  imap: MailboxCheck | null;
}

/** A number's settings that are not secret. */
export interface WhatsAppNumberConfig {
  /** As WhatsApp reported them when the access token was checked. */
  displayPhoneNumber?: string | null;
  verifiedName?: string | null;
  /** The Graph API base URL for this number (default WHATSAPP_GRAPH_URL); only admins set it. */
  graphUrl?: string | null;
}

export type WhatsAppSecretName = 'accessToken' | 'appSecret' | 'verifyToken';

export type WhatsAppNumber = ChannelAccount<WhatsAppNumberConfig, WhatsAppSecretName>;

/** `POST /channels/whatsapp/numbers`. The access token is required: it proves the number is the caller's. */
export interface NewWhatsAppNumber {
  /** The Cloud API's phone number id (WhatsApp Manager → API Setup), not the phone number itself. */
  phoneNumberId: string;
  name: string;
  /** `graphUrl`: null or absent uses WHATSAPP_GRAPH_URL. */
  config?: Pick<WhatsAppNumberConfig, 'graphUrl'>;
  secrets: { accessToken: string } & Partial<Record<'appSecret' | 'verifyToken', string>>;
}

/** `PATCH /channels/whatsapp/numbers/:id`: the fields given change; "" removes the app secret or the verify token; `graphUrl: null` removes it. */
export interface WhatsAppNumberChange extends ChannelAccountChange {
  config?: Pick<WhatsAppNumberConfig, 'graphUrl'>;
  secrets?: Partial<Record<WhatsAppSecretName, string>>;
}

/** `POST /channels/whatsapp/numbers/:id/test`: what the test message did, in words for the settings page. */
export interface WhatsAppTestResult {
  ok: boolean;
  /** Sent, or what WhatsApp said. */
  message: string;
  /** The sent message's `wamid`, when it went out. */
  messageId: string | null;
}
