import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { trimTrailing } from '../../../common/trim-trailing';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import { fromHttpStatus } from './provider-errors';

/** One server-sent event: its `event:` name (absent for plain `data:` events) and its data lines, joined. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/** A provider's event is a few kilobytes; a line growing past this is not a stream we can use. */
const MAX_EVENT_CHARS = 1 << 20;
/** An error body is a short JSON object; only its start is read. */
const MAX_ERROR_BODY_CHARS = 16 * 1024;

export interface EventStreamClientOptions {
  /** `https://api.openai.com/v1`: paths are appended to it. */
  baseUrl: string;
  /** Sent with every request (authorization …). */
  headers: Record<string, string>;
  /** Backstop until the response head arrives; the caller's signal bounds everything else. */
  timeoutMs: number;
  /** Shown in error messages. */
  provider: string;
}

/**
 * POSTs JSON to a provider and reads its `text/event-stream` answer, over node:http with
 * keep-alive connections. The provider SDKs go through fetch, whose web streams and per-request
 * objects cost about 1 ms of CPU per streamed answer here against about 0.3 ms this way (measured
 * on this repository's bench machine): on a worker that is the first token of every answer, and
 * the sorter's call before it. HTTP error statuses become AiProviderErrors (`fromHttpStatus`);
 * network errors are thrown as they come, for `toAiProviderError`.
 */
export class EventStreamClient {
  private readonly base: string;
  private readonly agent: HttpAgent;
  private readonly secure: boolean;

  constructor(private readonly options: EventStreamClientOptions) {
    this.base = trimTrailing(options.baseUrl, '/');
    this.secure = new URL(this.base).protocol === 'https:';
    this.agent = this.secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /**
   * The events of the answer to POST `path`, in order, until the server ends the response. A
   * consumer that stops early (or `signal`) closes the connection.
   */
  async *post(path: string, body: unknown, signal: AbortSignal): AsyncGenerator<ServerSentEvent> {
    const response = await this.open(path, JSON.stringify(body), signal);
    try {
      if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) {
        throw await this.statusError(response);
      }
      yield* readEvents(response);
    } finally {
      // Read to its end, the connection goes back to the pool; otherwise it cannot be reused.
      if (!response.complete) response.destroy();
    }
  }

  private open(path: string, payload: string, signal: AbortSignal): Promise<IncomingMessage> {
    const headers = { ...this.options.headers, 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    const request = this.secure ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = request(`${this.base}${path}`, { method: 'POST', agent: this.agent, headers, signal }, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      const timer = setTimeout(() => outgoing.destroy(Object.assign(new Error(`${this.options.provider} did not answer in time.`), { name: 'TimeoutError' })), this.options.timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(payload);
    });
  }

  private async statusError(response: IncomingMessage): Promise<AiProviderError> {
    const status = response.statusCode ?? 0;
    let text = '';
    response.setEncoding('utf8');
    for await (const part of response) {
      text += part as string;
      if (text.length >= MAX_ERROR_BODY_CHARS) break;
    }
    return fromHttpStatus(this.options.provider, status, `${status} ${errorMessageOf(text.slice(0, MAX_ERROR_BODY_CHARS))}`, headersOf(response.headers));
  }
}

/**
 * Parses a `text/event-stream` body (the WHATWG rules: lines end in LF, CRLF or CR; `:` starts a
 * comment; a blank line ends an event) into its events, each line at most MAX_EVENT_CHARS.
 */
export async function* readEvents(body: AsyncIterable<Buffer | string>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  let event: string | undefined;
  // Where the search for a line end goes on: what came before was searched already, so a long
  // line arriving in many small parts is scanned once, not once per part.
  let searched = 0;
  for await (const part of body) {
    pending += typeof part === 'string' ? part : decoder.decode(part, { stream: true });
    let start = 0;
    let from = searched;
    for (;;) {
      const end = lineEnd(pending, from);
      if (end < 0) break;
      const line = pending.slice(start, end);
      start = end + (pending[end] === '\r' && pending[end + 1] === '\n' ? 2 : 1);
      from = start;
      if (line === '') {
        if (data.length > 0) yield event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') };
        data = [];
        event = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
    pending = pending.slice(start);
    // A trailing CR may be the first half of a CRLF: it is looked at again with the next part.
    searched = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    if (pending.length > MAX_EVENT_CHARS) {
      throw new AiProviderError(AiErrorCode.BadResponse, `The provider sent an event of more than ${MAX_EVENT_CHARS} characters.`);
    }
  }
}

/** Where the line starting at `from` ends (its LF, or its CR), or -1 while it may go on. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10) return i;
    // A CR at the very end could be followed by LF in the next part: decided then.
    if (char === 13) return i + 1 < text.length ? i : -1;
  }
  return -1;
}

/** `error.message` of an OpenAI-style or Anthropic-style error body, else the body's start. */
function errorMessageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'object' ? body.error?.message : (body.error ?? body.message);
    if (typeof message === 'string' && message) return message.slice(0, 300);
  } catch {
    // Not JSON: the text itself says what went wrong, if anything.
  }
  return text.trim().slice(0, 300) || 'status code (no body)';
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
