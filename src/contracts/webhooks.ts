/** Outbound webhook endpoints and their deliveries as they travel in JSON (docs/webhooks.md). Types only (README, repository layout). */

/** Events an endpoint can subscribe to. */
export type WebhookEventType = 'message.completed';

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

/** Answered at creation and rotation only: the one time the secret leaves the server. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /** `whsec_…`: verify signatures with it. */
  secret: string;
}

/** `PATCH /webhooks/endpoints/:id`: the fields given change. */
export interface WebhookEndpointChange {
  url?: string;
  description?: string;
  /** Defaults to every event (on creation). */
  events?: WebhookEventType[];
  active?: boolean;
}

/** `POST /webhooks/endpoints`. Where the URL may point is checked by the server. */
export interface NewWebhookEndpoint extends WebhookEndpointChange {
  url: string;
}

/** Pending until an attempt gets a 2xx (`delivered`) or the last attempt fails (`failed`). */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  /** Sent as X-Switchboard-Delivery. */
  id: string;
  endpointId: string;
  /** `message.completed`, or `ping` for a test. */
  event: string;
  /** pending while attempts remain. */
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The last attempt's HTTP status; null without a response. */
  responseStatus: number | null;
  /** The start of the last response's body (at most 500 bytes). */
  response: string | null;
  error: string | null;
  /** The delivery this one sends again. */
  resendOf: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}
