import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { safeFetch } from '../../infra/http/safe-fetch/safe-fetch';
import { SafeFetchError } from '../../infra/http/safe-fetch/target-guard';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

/** How much of a receiver's answer is read (and kept, for the delivery log): the rest is dropped unread. */
const EXCERPT_BYTES = 500;

export type AttemptResult =
  | { kind: 'delivered'; status: number; excerpt: string }
  /** Worth retrying: a non-2xx answer, a timeout, a connection that failed. */
  | { kind: 'failed'; status: number | null; excerpt: string | null; error: string }
  /** Never worth retrying: the target is an address the server may not send to. */
  | { kind: 'refused'; error: string };

/**
 * One attempt at a delivery: a signed JSON POST through the shared outbound guard (safeFetch:
 * addresses checked and pinned as the host resolves now), within WEBHOOKS_TIMEOUT_S from
 * resolving to the end of the (bounded) response. Redirects are not followed: a 3xx is a failed
 * attempt, so a public endpoint cannot bounce the request anywhere.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async attempt(endpoint: Pick<WebhookEndpoint, 'url' | 'secret'>, delivery: Pick<WebhookDelivery, 'id' | 'event' | 'payload'>): Promise<AttemptResult> {
    const { timeoutMs } = this.config.webhooks;
    try {
      const { status, body } = await safeFetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchboard-Webhooks/1',
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, delivery.payload, Math.floor(Date.now() / 1000)),
        },
        body: Buffer.from(delivery.payload),
        maxBytes: EXCERPT_BYTES,
        oversize: 'truncate',
        timeoutMs,
        redirect: 'manual',
        allowPrivate: this.config.outbound.allowPrivateTargets,
      });
      const excerpt = body.toString('utf8');
      if (status >= 200 && status < 300) return { kind: 'delivered', status, excerpt };
      return { kind: 'failed', status, excerpt, error: `The endpoint answered ${status}.` };
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      if (error.code === 'URL_INVALID' || error.code === 'ADDRESS_REFUSED') return { kind: 'refused', error: error.message };
      return { kind: 'failed', status: null, excerpt: null, error: error.code === 'TIMEOUT' ? `No answer within ${timeoutMs / 1000} s.` : error.message };
    }
  }
}
