import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppConfig } from '../../config/app-config';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { checkEndpointUrl, guardedLookup, literalAddress, parseEndpointUrl, WebhookTargetRefused } from './webhook-target';

/** How much of a receiver's answer is read (and kept, for the delivery log): the rest is dropped unread. */
const EXCERPT_BYTES = 500;

export type AttemptResult =
  | { kind: 'delivered'; status: number; excerpt: string }
  /** Worth retrying: a non-2xx answer, a timeout, a connection that failed. */
  | { kind: 'failed'; status: number | null; excerpt: string | null; error: string }
  /** Never worth retrying: the target is an address the server may not send to. */
  | { kind: 'refused'; error: string };

/**
 * One attempt at a delivery: a signed JSON POST, within WEBHOOKS_TIMEOUT_S from connecting to
 * the end of the (bounded) response. Redirects are not followed: a 3xx is a failed attempt, so a
 * public endpoint cannot bounce the request to an internal address.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async attempt(endpoint: Pick<WebhookEndpoint, 'url' | 'secret'>, delivery: Pick<WebhookDelivery, 'id' | 'event' | 'payload'>): Promise<AttemptResult> {
    const { allowPrivateTargets, timeoutMs } = this.config.webhooks;
    try {
      const url = parseEndpointUrl(endpoint.url);
      // A host name is checked as it resolves (guardedLookup); an address literal never resolves.
      if (literalAddress(url) !== null) await checkEndpointUrl(endpoint.url, allowPrivateTargets);
      const body = Buffer.from(delivery.payload);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'Switchboard-Webhooks/1',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, delivery.payload, Math.floor(Date.now() / 1000)),
      };
      const { status, excerpt } = await post(url, headers, body, { timeoutMs, lookup: guardedLookup(allowPrivateTargets) });
      if (status >= 200 && status < 300) return { kind: 'delivered', status, excerpt };
      return { kind: 'failed', status, excerpt, error: `The endpoint answered ${status}.` };
    } catch (error) {
      if (error instanceof WebhookTargetRefused) return { kind: 'refused', error: error.message };
      return { kind: 'failed', status: null, excerpt: null, error: describeFailure(error, timeoutMs) };
    }
  }
}

interface PostOptions {
  timeoutMs: number;
  lookup: ReturnType<typeof guardedLookup>;
}

function post(url: URL, headers: Record<string, string>, body: Buffer, { timeoutMs, lookup }: PostOptions): Promise<{ status: number; excerpt: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // No pooled agent: every attempt resolves (and checks) the host afresh, and leaves no socket behind.
    const request = send(url, { method: 'POST', headers, agent: false, lookup, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      readExcerpt(response).then((excerpt) => resolve({ status: response.statusCode ?? 0, excerpt }), reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The first EXCERPT_BYTES of the body, as text; the response is closed once they are in. */
function readExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= EXCERPT_BYTES) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', reject);
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `No answer within ${timeoutMs / 1000} s.`;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (code && !message.includes(code) ? `${message} (${code})` : message).slice(0, 500);
}
