import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/app-config';
import { ExtractionError } from './document-kind';
import { TikaClient } from './tika.client';

interface Received {
  method: string;
  url: string;
  accept: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** A loopback server speaking Tika's `PUT /tika` as `answer` says, recording what it was sent. */
async function tikaServer(answer: (request: Received, response: ServerResponse) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', accept: request.headers.accept, contentType: request.headers['content-type'], body: Buffer.concat(chunks) };
      received.push(entry);
      answer(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('TikaClient', () => {
  it("PUTs the document to {TIKA_URL}/tika asking for plain text, and returns Tika's text", async () => {
    const tika = await tikaServer((_, response) => response.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end('Grüße aus dem RTF.\n'));
    const client = new TikaClient(loadConfig({ TIKA_URL: `${tika.url}/` }));

    const text = await client.extract(Buffer.from('{\\rtf1 Gr\\u252?\\u223?e}'), 'application/rtf');

    expect(text).toBe('Grüße aus dem RTF.\n');
    expect(tika.received).toEqual([{ method: 'PUT', url: '/tika', accept: 'text/plain', contentType: 'application/rtf', body: Buffer.from('{\\rtf1 Gr\\u252?\\u223?e}') }]);
    expect(client.configured).toBe(true);
  });

  it('keeps a path in TIKA_URL (a proxy prefix)', async () => {
    const tika = await tikaServer((_, response) => response.end('ok'));

    await new TikaClient(loadConfig({ TIKA_URL: `${tika.url}/extract` })).extract(Buffer.from('x'), 'application/msword');

    expect(tika.received[0]?.url).toBe('/extract/tika');
  });

  it('fails the file as UNSUPPORTED without TIKA_URL, asking nobody', async () => {
    const client = new TikaClient(loadConfig({}));

    expect(client.configured).toBe(false);
    expect(await failure(client.extract(Buffer.from('x'), 'application/rtf'))).toMatchObject({ code: 'UNSUPPORTED' });
  });

  it("turns Tika's refusals into the file's failure: 415 UNSUPPORTED, 422 CORRUPT", async () => {
    const tika = await tikaServer((request, response) => response.writeHead(request.contentType === 'application/epub+zip' ? 415 : 422).end());
    const client = new TikaClient(loadConfig({ TIKA_URL: tika.url }));

    expect(await failure(client.extract(Buffer.from('x'), 'application/epub+zip'))).toMatchObject({ code: 'UNSUPPORTED' });
    expect(await failure(client.extract(Buffer.from('x'), 'application/msword'))).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('password-protected') });
  });

  it('throws a plain error (for the job to retry) when Tika fails or does not answer', async () => {
    const tika = await tikaServer((_, response) => response.writeHead(503).end());

    const failed = await failure(new TikaClient(loadConfig({ TIKA_URL: tika.url })).extract(Buffer.from('x'), 'application/rtf'));
    const unreachable = await failure(new TikaClient(loadConfig({ TIKA_URL: 'http://127.0.0.1:1' })).extract(Buffer.from('x'), 'application/rtf'));

    expect(failed).not.toBeInstanceOf(ExtractionError);
    expect(failed.message).toBe('Apache Tika failed (HTTP 503).');
    expect(unreachable).not.toBeInstanceOf(ExtractionError);
    expect(unreachable.message).toMatch(/^Apache Tika at http:\/\/127\.0\.0\.1:1 did not answer/);
  });

  it('stops waiting at EXTRACT_TIMEOUT_S', async () => {
    const tika = await tikaServer(() => undefined);

    const error = await failure(new TikaClient(loadConfig({ TIKA_URL: tika.url, EXTRACT_TIMEOUT_S: '1' })).extract(Buffer.from('x'), 'application/rtf'));

    expect(error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('stops reading a text past EXTRACT_MAX_TEXT_CHARS', async () => {
    const tika = await tikaServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // Streamed without a length: the cap counts what arrives.
      for (let i = 0; i < 10; i++) response.write('x'.repeat(1000));
      response.end();
    });

    const error = await failure(new TikaClient(loadConfig({ TIKA_URL: tika.url, EXTRACT_MAX_TEXT_CHARS: '1000' })).extract(Buffer.from('x'), 'application/rtf'));

    expect(error).toMatchObject({ code: 'TOO_LARGE' });
  });
});
