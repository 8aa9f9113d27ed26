import type { JobName, JobPayload } from '../../../infra/queue/jobs';

/**
 * Meta's webhook notifications for the WhatsApp Cloud API, read defensively: the body is signed by
 * Meta, but its shape is still checked field by field, so one odd entry is skipped (and logged)
 * instead of failing the whole delivery or reaching the pipeline half-read.
 *
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 */

type InboundJob = JobPayload<JobName.WhatsAppInbound>;

/**
 * One inbound message as Meta describes it: `id` (`wamid.…`), `from` (the sender's WhatsApp id, their
 * number's digits), `timestamp` (Unix seconds), `type`; the type-specific part (`text`, `image`, …)
 * is read on the worker.
 */
export type WhatsAppMessage = Extract<InboundJob, { kind: 'message' }>['message'];

/** A status update on a message we sent; `error` is Meta's first error for `failed`, in words. */
export type WhatsAppStatus = Extract<InboundJob, { kind: 'status' }>['status'];

export type WebhookEvent =
  | { kind: 'message'; phoneNumberId: string; message: WhatsAppMessage; profileName: string | null }
  | { kind: 'status'; phoneNumberId: string; status: WhatsAppStatus };

export interface ParsedWebhook {
  events: WebhookEvent[];
  /** What was skipped and why: the caller logs it (Meta does not resend what we answered 200 to). */
  skipped: string[];
}

/** Sane upper bounds for ids: Meta's are far shorter; anything longer is not theirs. */
const MAX_ID_LENGTH = 256;
const MAX_PHONE_DIGITS = 32;
const MAX_NAME_LENGTH = 200;

/** Thrown for a body that is not a WhatsApp webhook at all (the controller answers 400). */
export class MalformedWebhookError extends Error {
  override readonly name = 'MalformedWebhookError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function boundedString(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

function isDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return value.length > 0;
}

/** A phone number id or WhatsApp id: digits only, of a length phone numbers have. */
export function phoneDigits(value: unknown): string | null {
  const text = boundedString(value, MAX_PHONE_DIGITS);
  return text !== null && isDigits(text) ? text : null;
}

/**
 * Reads a webhook body into one event per message and per status. Throws MalformedWebhookError
 * when the body is not a WhatsApp Business Account notification; anything unreadable inside one
 * is skipped with a reason. Changes to other fields (account updates, templates) carry no events.
 */
export function parseWebhook(body: unknown): ParsedWebhook {
  if (!isObject(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) {
    throw new MalformedWebhookError('Not a WhatsApp Business Account webhook: expected {"object":"whatsapp_business_account","entry":[…]}.');
  }
  const parsed: ParsedWebhook = { events: [], skipped: [] };
  for (const entry of body.entry) {
    for (const change of arrayOf(isObject(entry) ? entry.changes : undefined)) {
      if (!isObject(change) || change.field !== 'messages') continue;
      readChange(change.value, parsed);
    }
  }
  return parsed;
}

function readChange(value: unknown, parsed: ParsedWebhook): void {
  if (!isObject(value)) {
    parsed.skipped.push('a change without a value');
    return;
  }
  const phoneNumberId = phoneDigits(isObject(value.metadata) ? value.metadata.phone_number_id : undefined);
  if (phoneNumberId === null) {
    parsed.skipped.push('a change without metadata.phone_number_id');
    return;
  }
  const names = profileNames(value.contacts);
  for (const raw of arrayOf(value.messages)) {
    const message = readMessage(raw);
    if (typeof message === 'string') parsed.skipped.push(message);
    else parsed.events.push({ kind: 'message', phoneNumberId, message, profileName: names.get(message.from) ?? null });
  }
  for (const raw of arrayOf(value.statuses)) {
    const status = readStatus(raw);
    if (typeof status === 'string') parsed.skipped.push(status);
    else parsed.events.push({ kind: 'status', phoneNumberId, status });
  }
}

/** `contacts[].profile.name` by WhatsApp id: the name the sender gave WhatsApp. */
function profileNames(contacts: unknown): Map<string, string> {
  const names = new Map<string, string>();
  for (const contact of arrayOf(contacts)) {
    if (!isObject(contact)) continue;
    const waId = phoneDigits(contact.wa_id);
    const name = boundedString(isObject(contact.profile) ? contact.profile.name : undefined, MAX_NAME_LENGTH);
    if (waId !== null && name !== null) names.set(waId, name);
  }
  return names;
}

/** The message, or why it was skipped. */
function readMessage(raw: unknown): WhatsAppMessage | string {
  if (!isObject(raw)) return 'a message that is not an object';
  const id = boundedString(raw.id, MAX_ID_LENGTH);
  const from = phoneDigits(raw.from);
  const type = boundedString(raw.type, 64);
  if (id === null || from === null || type === null) return 'a message without a usable id, from or type';
  const timestamp = typeof raw.timestamp === 'string' && isDigits(raw.timestamp) && raw.timestamp.length <= 12 ? raw.timestamp : String(Math.floor(Date.now() / 1000));
  return { ...raw, id, from, type, timestamp };
}

function readStatus(raw: unknown): WhatsAppStatus | string {
  if (!isObject(raw)) return 'a status that is not an object';
  const id = boundedString(raw.id, MAX_ID_LENGTH);
  const status = boundedString(raw.status, 32);
  if (id === null || status === null) return 'a status without a usable id or status';
  return { id, status, recipientId: phoneDigits(raw.recipient_id), error: firstError(raw.errors) };
}

/** Meta's error, in words: its title and message, and the details when they add something. */
function firstError(errors: unknown): WhatsAppStatus['error'] {
  const [first] = arrayOf(errors);
  if (!isObject(first)) return null;
  const code = typeof first.code === 'number' || typeof first.code === 'string' ? String(first.code).slice(0, 32) : 'unknown';
  const details = isObject(first.error_data) ? boundedString(first.error_data.details, 1000) : null;
  const words = [boundedString(first.title, 300), boundedString(first.message, 500), details].filter((part, index, all): part is string => part !== null && all.indexOf(part) === index);
  return { code, message: words.join(': ') || `WhatsApp reported error ${code}.` };
}
