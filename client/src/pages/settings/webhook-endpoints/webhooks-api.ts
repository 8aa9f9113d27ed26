import { request } from '../../../api/http';

/** Events an endpoint can subscribe to (docs/webhooks.md, "Events"). */
export const WEBHOOK_EVENTS = [{ type: 'message.completed', label: 'Answer finished', hint: 'Every answer, on every channel, as it ends: its text, status and generated files.' }] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]['type'];

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  /** A switched-off endpoint is sent nothing. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Only in the answers to create and rotate: the one time the secret is shown. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /** whsec_… */
  secret: string;
}

export interface WebhookEndpointFields {
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  /** Sent as X-Switchboard-Delivery. */
  id: string;
  endpointId: string;
  /** message.completed, or ping for a test. */
  event: string;
  /** pending while attempts remain. */
  status: DeliveryStatus;
  attempts: number;
  /** The last attempt's HTTP status; null without a response. */
  responseStatus: number | null;
  /** The start of the last response's body. */
  response: string | null;
  error: string | null;
  /** The delivery this one sends again. */
  resendOf: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export const DELIVERIES_PAGE_SIZE = 20;

const endpointPath = (id: string) => `/webhooks/endpoints/${encodeURIComponent(id)}`;

export function listWebhookEndpoints(signal?: AbortSignal): Promise<WebhookEndpoint[]> {
  return request('/webhooks/endpoints', { signal });
}

export function createWebhookEndpoint(fields: WebhookEndpointFields): Promise<WebhookEndpointWithSecret> {
  return request('/webhooks/endpoints', { method: 'POST', body: fields });
}

export function updateWebhookEndpoint({ id, ...change }: Partial<WebhookEndpointFields> & { id: string }): Promise<WebhookEndpoint> {
  return request(endpointPath(id), { method: 'PATCH', body: change });
}

export function deleteWebhookEndpoint(id: string): Promise<void> {
  return request(endpointPath(id), { method: 'DELETE' });
}

export function rotateWebhookSecret(id: string): Promise<WebhookEndpointWithSecret> {
  return request(`${endpointPath(id)}/rotate-secret`, { method: 'POST' });
}

/** Queues a ping event to the endpoint. */
export function sendWebhookTest(id: string): Promise<WebhookDelivery> {
  return request(`${endpointPath(id)}/test`, { method: 'POST' });
}

/** Newest first; `before` is the `createdAt` of the last delivery seen. */
export function listWebhookDeliveries(endpointId: string, before: string | undefined, signal?: AbortSignal): Promise<WebhookDelivery[]> {
  const query = new URLSearchParams({ limit: String(DELIVERIES_PAGE_SIZE), ...(before ? { before } : {}) });
  return request(`${endpointPath(endpointId)}/deliveries?${query}`, { signal });
}

/** Queues the delivery's payload again, as a new delivery. */
export function resendWebhookDelivery(deliveryId: string): Promise<WebhookDelivery> {
  return request(`/webhooks/deliveries/${encodeURIComponent(deliveryId)}/resend`, { method: 'POST' });
}
