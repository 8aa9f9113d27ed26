import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../../../../test/support/fake-graph-api';
import { GraphApiError, WhatsAppGraphClient, type GraphTarget } from './graph-api.client';

/** The GraphApiError `promise` rejects with (failing the test otherwise). */
async function failureOf(promise: Promise<unknown>): Promise<GraphApiError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GraphApiError);
  return error as GraphApiError;
}

describe('the Graph API client', () => {
  let graph: FakeGraphApi;
  let target: GraphTarget;
  const client = new WhatsAppGraphClient();
  client.usePolicy({ attempts: 3, timeoutMs: 500, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 });
  const messages = (): string => graph.path('1000001/messages');
  const send = (): Promise<string> => client.sendMessage(target, '1000001', { to: '4915100000001', type: 'text', text: { body: 'Hi' } });

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    target = { baseUrl: graph.baseUrl, accessToken: 'token-1' };
  });
  beforeEach(() => graph.reset());
  afterAll(() => graph.close());

  it('sends a message with the bearer token and returns its wamid', async () => {
    expect(await send()).toMatch(/^wamid\.out\./);
    expect(graph.requests[0]).toMatchObject({ method: 'POST', path: messages(), headers: { authorization: 'Bearer token-1' }, body: { messaging_product: 'whatsapp', to: '4915100000001', type: 'text' } });
  });

  it('retries a 429 after the Retry-After Meta asked for, and 5xx with backoff', async () => {
    graph.script({ path: messages(), status: 429, headers: { 'retry-after': '0' } }, { path: messages(), status: 503 });
    expect(await send()).toMatch(/^wamid\./);
    expect(graph.requestsTo(messages())).toHaveLength(3);
  });

  it('gives up after its attempts with a failure that may still be retried later', async () => {
    graph.script(...Array.from({ length: 3 }, () => ({ path: messages(), status: 500 })));
    expect(await failureOf(send())).toMatchObject({ permanent: false, status: 500 });
    expect(graph.requestsTo(messages())).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than it may: its job retries later instead', async () => {
    graph.script({ path: messages(), status: 429, headers: { 'retry-after': '3600' } });
    expect(await failureOf(send())).toMatchObject({ permanent: false, status: 429, code: '130429' });
    expect(graph.requestsTo(messages())).toHaveLength(1);
  });

  it('fails at once on a 4xx other than 429, with Meta’s code and message', async () => {
    graph.script({ path: messages(), status: 400 });
    const error = await failureOf(send());
    expect(error).toMatchObject({ permanent: true, status: 400, code: '131000' });
    expect(error.message).toBe('WhatsApp answered 400: Scripted failure (code 131000)');
    expect(graph.requestsTo(messages())).toHaveLength(1);
  });

  it('bounds every try in time', async () => {
    graph.script({ path: messages(), status: 500, stallMs: 2_000 }, { path: messages(), status: 500, stallMs: 2_000 }, { path: messages(), status: 500, stallMs: 2_000 });
    expect(await failureOf(send())).toMatchObject({ permanent: false, code: 'TIMEOUT' });
  });

  it('uploads a file as multipart and returns its media id', async () => {
    expect(await client.uploadMedia(target, '1000001', { name: 'report.pdf', mime: 'application/pdf', data: Buffer.from('%PDF-1.7') })).toMatch(/^media\.out\./);
    const [upload] = graph.requestsTo(graph.path('1000001/media'));
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('downloads media through its URL with the token, and refuses more than the cap', async () => {
    graph.serveMedia('media-1', 'image/png', Buffer.alloc(2048, 1));
    const info = await client.mediaInfo(target, 'media-1');
    expect(info).toMatchObject({ mime: 'image/png', size: 2048 });
    expect(await client.download(target, info.url, 4096)).toHaveLength(2048);
    expect(graph.requests.at(-1)?.headers.authorization).toBe('Bearer token-1');
    expect(await failureOf(client.download(target, info.url, 1024))).toMatchObject({ permanent: true, code: 'MEDIA_TOO_LARGE' });
  });

  it('reads a number’s display number and verified name', async () => {
    expect(await client.phoneNumber(target, '1000001')).toEqual({ displayPhoneNumber: '+1 555-010-0000', verifiedName: 'Test Business' });
    graph.unknownNumbers.add('999');
    expect(await failureOf(client.phoneNumber(target, '999'))).toMatchObject({ permanent: true, code: '100' });
  });
});
