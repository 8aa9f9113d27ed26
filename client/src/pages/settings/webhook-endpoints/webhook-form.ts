import { ApiError } from '../../../api/http';
import { errorMessage } from '../../../lib/error-messages';
import { WEBHOOK_EVENTS, type WebhookEndpoint, type WebhookEndpointFields, type WebhookEventType } from './webhooks-api';

/** What the editor edits, texts as typed. */
export interface WebhookForm {
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
}

export type WebhookFormErrors = Partial<Record<keyof WebhookForm, string>>;

/** The server's limits (docs/webhooks.md). */
export const LIMITS = { url: 2000, description: 200 } as const;

export function formOf(endpoint: WebhookEndpoint | undefined): WebhookForm {
  return {
    url: endpoint?.url ?? '',
    description: endpoint?.description ?? '',
    events: endpoint?.events ?? WEBHOOK_EVENTS.map((event) => event.type),
    active: endpoint?.active ?? true,
  };
}

export function sameForm(a: WebhookForm, b: WebhookForm): boolean {
  return a.url === b.url && a.description === b.description && a.active === b.active && [...a.events].sort().join() === [...b.events].sort().join();
}

/** Why the URL cannot be an endpoint's, as the server would say it; undefined when it can. */
export function checkUrl(raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return 'Enter the address that should receive the events.';
  if (value.length > LIMITS.url) return `At most ${LIMITS.url} characters.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address, such as https://example.com/switchboard.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address must start with https:// or http://.';
  if (url.username || url.password) return "Leave the user name and password out of the address: check the signature instead.";
  return undefined;
}

export function formErrors(form: WebhookForm): WebhookFormErrors {
  const errors: WebhookFormErrors = {};
  const url = checkUrl(form.url);
  if (url) errors.url = url;
  if (form.description.trim().length > LIMITS.description) errors.description = `At most ${LIMITS.description} characters.`;
  if (form.events.length === 0) errors.events = 'Choose at least one event.';
  return errors;
}

export function toFields(form: WebhookForm): WebhookEndpointFields {
  return { url: form.url.trim(), description: form.description.trim(), events: form.events, active: form.active };
}

/**
 * Where a refused save's reason belongs: under the URL when the server refused the address (its
 * message names what the host is), else above the save bar; the server's words are shown for
 * these refusals, which name the field or the limit. Undefined: show the generic message.
 */
export function saveRefusal(error: unknown): { field: keyof WebhookForm | null; message: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'WEBHOOK_TARGET_REFUSED') return { field: 'url', message: `Switchboard can't send there: ${error.message}` };
  if (error.code === 'CONFLICT') return { field: null, message: error.message };
  if (error.code !== 'VALIDATION_FAILED') return undefined;
  const field = (['url', 'description', 'events'] as const).find((name) => error.message.startsWith(name));
  return { field: field ?? null, message: error.message };
}

/** Human words for a refused action: the server's own for a conflict (the endpoint is off, the limit is reached), which say what to do. */
export function actionErrorMessage(error: unknown): string {
  return error instanceof ApiError && error.code === 'CONFLICT' ? error.message : errorMessage(error);
}
