import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

const PING_INTERVAL_MS = 15_000;

/**
 * One frame: a track's event, with its stream id; or one this node says itself, without an id,
 * so that a client re-attaching still resumes after the last event of the track it saw.
 */
export interface SseFrame {
  id?: string;
  event: string;
  data: unknown;
}

/**
 * Writes `text/event-stream` frames straight to the socket (docs/api.md: `id`, `event`, one-line
 * JSON `data`, a `: ping` comment every 15 s). Takes the reply over from Fastify, so nothing
 * buffers or compresses it; `closed` aborts when the client goes away.
 */
export class SseWriter {
  private readonly controller = new AbortController();
  private readonly ping: NodeJS.Timeout;

  constructor(
    request: FastifyRequest,
    private readonly reply: FastifyReply,
  ) {
    reply.hijack();
    // What the hooks set on the reply so far (request id, security headers, a widget's CORS
    // headers) goes out too: hijacking leaves writing the head to us.
    reply.raw.writeHead(200, {
      ...headersSetOn(reply),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.flushHeaders();
    this.ping = setInterval(() => reply.raw.write(': ping\n\n'), PING_INTERVAL_MS);
    request.raw.on('close', () => this.close());
    reply.raw.on('close', () => this.close());
  }

  /** Aborts when the client disconnects (or the stream is ended here). */
  get closed(): AbortSignal {
    return this.controller.signal;
  }

  send(frame: SseFrame): void {
    if (this.controller.signal.aborted) return;
    const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
    this.reply.raw.write(`${id}event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`);
  }

  end(): void {
    this.close();
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }

  private close(): void {
    clearInterval(this.ping);
    if (!this.controller.signal.aborted) this.controller.abort();
  }
}

function headersSetOn(reply: FastifyReply): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}
