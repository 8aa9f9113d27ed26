import { request } from '../../../api/http';

/** A number's settings that are not secret (docs/channels.md#whatsapp). */
export interface WhatsAppNumberConfig {
  /** As WhatsApp reported them when the access token was checked. */
  displayPhoneNumber?: string | null;
  verifiedName?: string | null;
  /** The Graph API base URL for this number; only admins set it. */
  graphUrl?: string | null;
}

export type WhatsAppSecretName = 'accessToken' | 'appSecret' | 'verifyToken';

export interface WhatsAppNumber {
  /** A UUID, or `env:whatsapp` for the number the server's environment configures. */
  id: string;
  /** The Cloud API phone number id. */
  address: string;
  name: string;
  config: WhatsAppNumberConfig;
  /** Which secrets are set; their values are never sent back. */
  secretsSet: WhatsAppSecretName[];
  active: boolean;
  /** Configured by environment variables: read-only here. */
  fromEnvironment: boolean;
  createdAt: string;
}

export interface NewWhatsAppNumber {
  phoneNumberId: string;
  name: string;
  config?: { graphUrl: string };
  secrets: { accessToken: string } & Partial<Record<'appSecret' | 'verifyToken', string>>;
}

/** The fields given change; secrets likewise ("" removes the app secret or the verify token); `graphUrl: null` removes it. */
export interface WhatsAppNumberChange {
  id: string;
  name?: string;
  active?: boolean;
  config?: { graphUrl: string | null };
  secrets?: Partial<Record<WhatsAppSecretName, string>>;
}

export interface WhatsAppTestResult {
  ok: boolean;
  /** Sent, or what WhatsApp answered, in words. */
  message: string;
  messageId: string | null;
}

const NUMBERS = '/channels/whatsapp/numbers';
const numberPath = (id: string) => `${NUMBERS}/${encodeURIComponent(id)}`;

/** Where Meta must send the webhooks of every number (its callback URL). */
export function webhookUrl(origin: string): string {
  return `${origin}/api/v1/webhooks/whatsapp`;
}

export function listWhatsAppNumbers(signal?: AbortSignal): Promise<WhatsAppNumber[]> {
  return request(NUMBERS, { signal });
}

export function createWhatsAppNumber(number: NewWhatsAppNumber): Promise<WhatsAppNumber> {
  return request(NUMBERS, { method: 'POST', body: number });
}

export function updateWhatsAppNumber({ id, ...change }: WhatsAppNumberChange): Promise<WhatsAppNumber> {
  return request(numberPath(id), { method: 'PATCH', body: change });
}

export function deleteWhatsAppNumber(id: string): Promise<void> {
  return request(numberPath(id), { method: 'DELETE' });
}

/** Sends a short text from the number to `to`; answers whether WhatsApp took it, in words. */
export function testWhatsAppNumber(id: string, to: string): Promise<WhatsAppTestResult> {
  return request(`${numberPath(id)}/test`, { method: 'POST', body: { to } });
}
