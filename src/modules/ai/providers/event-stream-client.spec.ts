import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import { EventStreamClient, readEvents, type ServerSentEvent } from './event-stream-client';

async function collect(parts: Array<string | Buffer>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  // Each part arrives as a read of its own, as a response body's chunks do.
  for await (const event of readEvents(Readable.from(parts))) events.push(event);
  return events;
}

describe('readEvents', () => {
  it('yields each event once its blank line arrives, however the body was split', async () => {
    const text = 'data: {"a":1}\n\nevent: ping\ndata: x\n\ndata: [DONE]\n\n';
    const whole = await collect([text]);
    const byChar = await collect([...text]);
    expect(whole).toEqual([{ data: '{"a":1}' }, { event: 'ping', data: 'x' }, { data: '[DONE]' }]);
    expect(byChar).toEqual(whole);
  });

  it('takes LF, CRLF and CR line ends, even a CRLF split between two parts', async () => {
    expect(await collect(['data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n'])).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
  });

  it('joins multi-line data, skips comments and fields it does not know, keeps a value without its one leading space', async () => {
    expect(await collect([': keep-alive\nid: 7\nretry: 10\ndata:first\ndata:  second\n\n'])).toEqual([{ data: 'first\n second' }]);
  });

  it('decodes UTF-8 split across parts, and drops an event the body ends inside', async () => {
    const bytes = Buffer.from('data: Grüße\n\ndata: cut', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await collect([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([{ data: 'Grüße' }]);
  });

  it('refuses a line that grows past the limit', async () => {
    const parts = Array.from({ length: 20 }, () => 'x'.repeat(64 * 1024));
    await expect(collect(['data: ', ...parts])).rejects.toMatchObject({ code: AiErrorCode.BadResponse });
  });
});

describe('EventStreamClient', () => {
  let server: Server;
  let baseUrl: string;
  let respond: (response: ServerResponse, body: string) => void = () => undefined;
  const received: Array<{ url: string; authorization: string | undefined; body: unknown }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (part: string) => (body += part));
      request.on('end', () => {
        received.push({ url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) as unknown });
        respond(response, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (timeoutMs = 5_000): EventStreamClient => new EventStreamClient({ baseUrl, headers: { authorization: 'Bearer k' }, timeoutMs, provider: 'Fake' });

  async function post(target: EventStreamClient, signal = new AbortController().signal): Promise<ServerSentEvent[]> {
    const events: ServerSentEvent[] = [];
    for await (const event of target.post('/chat/completions', { hello: 'world' }, signal)) events.push(event);
    return events;
  }

  it('posts JSON to the base URL plus the path, and reads the events, over one kept-alive connection', async () => {
    const sockets = new Set<unknown>();
    respond = (response) => {
      sockets.add(response.socket);
      response.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: one\n\ndata: two\n\n');
    };
    const target = client();
    expect(await post(target)).toEqual([{ data: 'one' }, { data: 'two' }]);
    expect(await post(target)).toHaveLength(2);
    expect(received.at(-1)).toEqual({ url: '/v1/chat/completions', authorization: 'Bearer k', body: { hello: 'world' } });
    expect(sockets.size).toBe(1);
  });

  it('turns an error status into its AiProviderError, with the body’s message and Retry-After', async () => {
    respond = (response) => response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' }).end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_exceeded' } }));
    const error = (await post(client()).catch((caught: unknown) => caught)) as AiProviderError;
    expect(error).toBeInstanceOf(AiProviderError);
    expect(error).toMatchObject({ code: AiErrorCode.RateLimited, retryable: true, retryAfterMs: 2_000 });
    expect(error.message).toContain('429 slow down');
  });

  it('gives up on a server that sends no head in time, as a TimeoutError', async () => {
    respond = () => undefined;
    await expect(post(client(100))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('stops reading when the caller aborts mid-stream', async () => {
    respond = (response) => response.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: first\n\n');
    const controller = new AbortController();
    const events: ServerSentEvent[] = [];
    const reading = (async () => {
      for await (const event of client().post('/chat/completions', {}, controller.signal)) {
        events.push(event);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toBeDefined();
    expect(events).toEqual([{ data: 'first' }]);
  });
});
