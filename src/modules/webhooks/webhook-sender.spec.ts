import type { RequestListener } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import { loopbackServerPerTest } from '../../infra/http/testing/loopback-server';
import { verifyWebhookSignature } from './webhook-signature';
import { WebhookSender } from './webhook-sender';

const SECRET = 'whsec_sender-spec';
const DELIVERY = { id: 'd-1', event: 'ping', payload: '{"type":"ping"}' };

function senderWith({ allowPrivateTargets = true, timeoutMs = 2_000 } = {}): WebhookSender {
  return new WebhookSender({ outbound: { allowPrivateTargets }, webhooks: { timeoutMs, maxAttempts: 1, retryDelayMs: 10 } } as AppConfig);
}

describe('WebhookSender', () => {
  const loopback = loopbackServerPerTest();
  const receiver = async (listener: RequestListener): Promise<string> => (await loopback.serve(listener)).origin;

  it('POSTs the payload signed, with the event and the delivery id, and reads a 2xx as delivered', async () => {
    let seen: { headers: Record<string, unknown>; body: string } | undefined;
    const url = await receiver((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.writeHead(202).end('thanks');
      });
    });

    expect(await senderWith().attempt({ url: `${url}/in`, secret: SECRET }, DELIVERY)).toEqual({ kind: 'delivered', status: 202, excerpt: 'thanks' });
    expect(seen?.body).toBe(DELIVERY.payload);
    expect(seen?.headers).toMatchObject({ 'content-type': 'application/json', 'x-switchboard-event': 'ping', 'x-switchboard-delivery': 'd-1' });
    expect(verifyWebhookSignature({ secret: SECRET, header: seen?.headers['x-switchboard-signature'] as string, body: seen?.body ?? '' }).ok).toBe(true);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const url = await receiver((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end());
    expect(await senderWith().attempt({ url, secret: SECRET }, DELIVERY)).toMatchObject({ kind: 'failed', status: 302, error: 'The endpoint answered 302.' });
  });

  it('reads only the start of a large answer', async () => {
    const url = await receiver((_req, res) => {
      res.writeHead(500);
      // Far more than is read: the sender closes the response after its first bytes.
      for (let i = 0; i < 64; i++) res.write('x'.repeat(16_384));
      res.end();
    });
    const result = await senderWith().attempt({ url, secret: SECRET }, DELIVERY);
    expect(result).toMatchObject({ kind: 'failed', status: 500 });
    expect(result.kind === 'failed' && result.excerpt).toHaveLength(500);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const url = await receiver(() => undefined);
    expect(await senderWith({ timeoutMs: 200 }).attempt({ url, secret: SECRET }, DELIVERY)).toEqual({ kind: 'failed', status: null, excerpt: null, error: 'No answer within 0.2 s.' });
  });

  it('reports a refused connection as a failed attempt, to be retried', async () => {
    const url = await receiver(() => undefined);
    await loopback.close();
    const result = await senderWith().attempt({ url, secret: SECRET }, DELIVERY);
    expect(result).toMatchObject({ kind: 'failed', status: null });
    expect(result.kind === 'failed' && result.error).toContain('ECONNREFUSED');
  });

  it('refuses, without connecting, a loopback target the operator has not allowed, by address or by name', async () => {
    let connected = false;
    const url = await receiver((_req, res) => {
      connected = true;
      res.writeHead(204).end();
    });
    const strict = senderWith({ allowPrivateTargets: false });
    expect(await strict.attempt({ url, secret: SECRET }, DELIVERY)).toMatchObject({ kind: 'refused', error: expect.stringContaining('loopback') });
    expect(await strict.attempt({ url: url.replace('127.0.0.1', 'localhost'), secret: SECRET }, DELIVERY)).toMatchObject({ kind: 'refused', error: expect.stringContaining('localhost') });
    expect(connected).toBe(false);
  });
});
