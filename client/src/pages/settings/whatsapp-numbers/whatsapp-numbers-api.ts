import type { NewWhatsAppNumber, WhatsAppNumber, WhatsAppNumberChange as WhatsAppNumberUpdate, WhatsAppTestResult } from '../../../../../src/contracts/channels';
import { request } from '../../../api/http';

/** The wire types are the server's contract (src/contracts). */
export type { NewWhatsAppNumber, WhatsAppNumber, WhatsAppSecretName } from '../../../../../src/contracts/channels';

/** A change to one number: the fields given change (docs/channels.md#whatsapp). */
export type WhatsAppNumberChange = WhatsAppNumberUpdate & { id: string };

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
