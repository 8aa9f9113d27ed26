import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

const PING_INTERVAL_MS = 15_000;

/**
 * Why `closed` aborts, one value for every stream: an abort without a reason makes a DOMException,
 * whose stack trace costs more than the rest of closing a stream.
 */
const STREAM_CLOSED = new Error('The stream was closed.');

/**
 * One frame: a track's event, with its stream id; or one this node says itself, without an id,
 * so that a client re-attaching still resumes after the last event of the track it saw.
 */
export interface SseFrame {
  id?: string;
  event: string;
  data: unknown;
}

/** How a stream behaves as its node shuts down. */
export interface SseShutdown {
  /** Aborts as the node closes (ProcessLifecycle.closing). */
  signal: AbortSignal;
  /**
   * End the stream then, without a final event: its client re-attaches with `Last-Event-ID`,
   * through the load balancer to another node, which resumes the track. A stream that cannot be
   * resumed runs to its end instead (within SHUTDOWN_TIMEOUT_S).
   */
  endStream: boolean;
}

/**
 * Writes `text/event-stream` frames straight to the socket (docs/api.md: `id`, `event`, one-line
 * JSON `data`, a `: ping` comment every 15 s). Takes the reply over from Fastify, so nothing
 * buffers or compresses it; `closed` aborts when the client goes away.
 */
export class SseWriter {
  private readonly controller = new AbortController();
  private readonly ping: NodeJS.Timeout;
  private readonly headFlush: NodeJS.Immediate;
  private readonly endOnShutdown = (): void => this.end();

  constructor(
    request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly shutdown?: SseShutdown,
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
    // The head goes out with the first frame when that is written at once (one system call, not
    // two: a relay usually has `started` at hand as it opens), else at the end of this turn of the
    // event loop, so a client waiting for a first event still sees its stream open.
    this.headFlush = setImmediate(() => {
      if (!reply.raw.headersSent) reply.raw.flushHeaders();
    });
    this.ping = setInterval(() => reply.raw.write(': ping\n\n'), PING_INTERVAL_MS);
    request.raw.on('close', () => this.close());
    reply.raw.on('close', () => this.close());
    if (shutdown?.endStream) {
      if (shutdown.signal.aborted) queueMicrotask(this.endOnShutdown);
      else shutdown.signal.addEventListener('abort', this.endOnShutdown, { once: true });
    }
  }

  /** Aborts when the client disconnects (or the stream is ended here). */
  get closed(): AbortSignal {
    return this.controller.signal;
  }

  send(frame: SseFrame): void {
    if (this.controller.signal.aborted) return;
    this.reply.raw.write(frameText(frame));
  }

  /** Ends the stream; with `last`, after that frame, written with the end of the response in one go. */
  end(last?: SseFrame): void {
    const text = last && !this.controller.signal.aborted ? frameText(last) : undefined;
    this.close();
    if (!this.reply.raw.writableEnded) this.reply.raw.end(text);
    // The node is closing: kept alive, the connection would idle on and hold the server's close
    // until the keep-alive timeout (hijacked, this reply never passes the Connection: close hook).
    if (this.shutdown?.signal.aborted) this.reply.raw.socket?.end();
  }

  private close(): void {
    clearInterval(this.ping);
    clearImmediate(this.headFlush);
    this.shutdown?.signal.removeEventListener('abort', this.endOnShutdown);
    if (!this.controller.signal.aborted) this.controller.abort(STREAM_CLOSED);
  }
}

function frameText(frame: SseFrame): string {
  const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
  return `${id}event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

function headersSetOn(reply: FastifyReply): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}
