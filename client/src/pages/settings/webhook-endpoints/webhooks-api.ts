import type { NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret, WebhookEventType } from '../../../../../src/contracts/webhooks';
import { request } from '../../../api/http';

/** The wire types are the server's contract (src/contracts). */
export type { WebhookDelivery, WebhookDeliveryStatus as DeliveryStatus, WebhookEndpoint, WebhookEventType } from '../../../../../src/contracts/webhooks';

/** Events an endpoint can subscribe to (docs/webhooks.md, "Events"), as the form offers them (contracts.spec.ts checks none is missing). */
export const WEBHOOK_EVENTS = [
  { type: 'message.completed', label: 'Answer finished', hint: 'Every answer, on every channel, as it ends: its text, status and generated files.' },
] as const satisfies ReadonlyArray<{ type: WebhookEventType; label: string; hint: string }>;

/** What the endpoint form saves: every field, always. */
export type WebhookEndpointFields = Required<NewWebhookEndpoint>;

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
