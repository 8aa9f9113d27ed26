import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { deflateSync } from 'node:zlib';

/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's wire format, for tests and benchmarks.
 *
 *   const openai = await FakeOpenAiServer.start();          // or { instant: true } for benchmarks
 *   env.config({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat' });
 *   openai.script({ status: 429 }, { text: 'Hello there' });  // next two chat requests
 *   openai.script({ text: 'Cut', breakAfterChunks: 1 });      // socket destroyed mid-stream
 *   openai.requestsTo('/v1/chat/completions')[0]?.body       // what the app sent
 *
 * Endpoints: POST /v1/chat/completions (stream and not; streamed chunks carry
 * `choices[0].delta.reasoning_content` when the reply reasons, then `choices[0].delta.content`,
 * then the finish reason, then a usage chunk when `stream_options.include_usage`, then
 * `data: [DONE]`), POST /v1/embeddings, POST /v1/images/generations (b64_json of a real PNG),
 * POST /v1/audio/speech (a real WAV, whatever format was asked), POST /v1/audio/transcriptions,
 * GET /v1/models. Scripted replies are used first, in order, each by the first request to its
 * `path`; otherwise `defaultReply` answers (by default it echoes the last user message).
 */
export interface FakeReply {
  /** The endpoint that consumes this reply. Default `/v1/chat/completions`. */
  path?: string;
  /** The answer text (chat), or the transcript (transcriptions). */
  text?: string;
  /** Characters per streamed chunk. Default: one word (with its trailing space) per chunk. */
  chunkSize?: number;
  /** Answer with this HTTP error status and an error body instead. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '0' }` on a 429. */
  headers?: Record<string, string>;
  /** Stream this many content chunks, then destroy the socket (a dropped connection). */
  breakAfterChunks?: number;
  /** Stream this many content chunks, then a line that is not JSON. */
  malformedAfterChunks?: number;
  /** Milliseconds between streamed chunks; overrides the server's setting. */
  delayMs?: number;
  /** Milliseconds to wait before answering at all (exercises timeouts). */
  stallMs?: number;
  /** Usage to report; default counts whitespace-separated words. */
  usage?: { promptTokens: number; completionTokens: number };
  /**
   * Reasoning streamed before the answer (OpenAI-compatible `reasoning_content` deltas; an
   * Anthropic thinking block). A model whose name ends in `-reasoner` reasons by default.
   */
  reasoning?: string;
  /** Why the answer ended: `length` reports the output token limit (finish_reason / stop_reason). Default `stop`. */
  finishReason?: 'stop' | 'length';
}

/** What a reply reasons: its own reasoning, else a default one for a `-reasoner` model. */
export function reasoningOf(reply: FakeReply, model: string, body: Record<string, unknown>): string {
  return reply.reasoning ?? (model.endsWith('-reasoner') ? `Thinking about: ${lastUserText(body)}` : '');
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `{ rawBytes }` for other bodies (multipart uploads). */
  body: Record<string, unknown>;
}

export interface FakeServerOptions {
  /** Stream every chunk at once, without pauses (benchmarks). */
  instant?: boolean;
  /** Pause between streamed chunks unless instant. Default 2 ms. */
  chunkDelayMs?: number;
  /** Answers chat requests when no scripted reply is queued. Default: `Echo: <last user message>`. */
  defaultReply?: (request: RecordedRequest) => FakeReply | string;
  /** Model ids listed by GET /v1/models. */
  models?: string[];
}

/** The scripting, recording and lifecycle shared by the fake OpenAI and Anthropic servers. */
export abstract class ScriptedHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeReply[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  protected constructor(protected readonly options: FakeServerOptions) {}

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues replies; each is used once, by the next request to its `path`. */
  script(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Forgets recorded requests and unused scripted replies. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected async listen(): Promise<void> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** The chat endpoint: the default `path` of scripted replies, and the one `defaultReply` serves. */
  protected abstract readonly chatPath: string;

  protected abstract handle(request: RecordedRequest, reply: FakeReply, response: ServerResponse): Promise<void>;

  /** The reply for a request: the next scripted one for its path, else the default. */
  private nextReply(request: RecordedRequest): FakeReply {
    const index = this.queue.findIndex((r) => (r.path ?? this.chatPath) === request.path);
    if (index >= 0) return this.queue.splice(index, 1)[0];
    if (request.path !== this.chatPath) return {};
    const fallback = this.options.defaultReply?.(request) ?? `Echo: ${lastUserText(request.body)}`;
    return typeof fallback === 'string' ? { text: fallback } : fallback;
  }

  protected chunkDelay(reply: FakeReply): number {
    if (reply.delayMs !== undefined) return reply.delayMs;
    return this.options.instant ? 0 : (this.options.chunkDelayMs ?? 2);
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(request);
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: (request.url ?? '/').split('?')[0] ?? '/',
        headers: request.headers,
        body: parseBody(raw, request.headers['content-type']),
      };
      this.requests.push(recorded);
      const reply = this.nextReply(recorded);
      if (reply.stallMs) await sleep(reply.stallMs);
      if (response.destroyed) return;
      await this.handle(recorded, reply, response);
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { error: { message: (error as Error).message, type: 'server_error' } });
      else response.destroy();
    }
  }
}

export class FakeOpenAiServer extends ScriptedHttpServer {
  protected readonly chatPath = '/v1/chat/completions';

  static async start(options: FakeServerOptions = {}): Promise<FakeOpenAiServer> {
    const server = new FakeOpenAiServer(options);
    await server.listen();
    return server;
  }

  /** What OPENAI_BASE_URL should be: `<url>/v1`. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  protected async handle(request: RecordedRequest, reply: FakeReply, response: ServerResponse): Promise<void> {
    if (reply.status !== undefined) {
      sendJson(response, reply.status, openAiError(reply.status), reply.headers);
      return;
    }
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case 'POST /v1/chat/completions':
        return this.chat(request, reply, response);
      case 'POST /v1/embeddings': {
        const input = request.body.input;
        const texts = Array.isArray(input) ? input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [typeof input === 'string' ? input : ''];
        sendJson(response, 200, {
          object: 'list',
          model: request.body.model,
          data: texts.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: countWords(texts.join(' ')), total_tokens: countWords(texts.join(' ')) },
        }, reply.headers);
        return;
      }
      case 'POST /v1/images/generations':
        sendJson(response, 200, { created: now(), data: [{ b64_json: TINY_PNG.toString('base64') }] }, reply.headers);
        return;
      case 'POST /v1/audio/speech':
        response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': TINY_WAV.length, ...reply.headers }).end(TINY_WAV);
        return;
      case 'POST /v1/audio/transcriptions':
        sendJson(response, 200, { text: reply.text ?? 'A transcript from the fake server.' }, reply.headers);
        return;
      case 'GET /v1/models':
        sendJson(response, 200, { object: 'list', data: (this.options.models ?? []).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
        return;
      default:
        sendJson(response, 404, { error: { message: `No route ${route}`, type: 'invalid_request_error' } });
    }
  }

  private async chat(request: RecordedRequest, reply: FakeReply, response: ServerResponse): Promise<void> {
    const text = reply.text ?? '';
    const model = typeof request.body.model === 'string' ? request.body.model : 'fake';
    const usage = reply.usage ?? { promptTokens: countWords(allMessageText(request.body)), completionTokens: countWords(text) };
    const usageBody = { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens };
    const id = `chatcmpl-${this.requests.length}`;
    if (request.body.stream !== true) {
      sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created: now(),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: usageBody,
      }, reply.headers);
      return;
    }

    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: now(), model, choices, ...extra })}\n\n`;
    const stream = new SseWriter(response, this.chunkDelay(reply), reply.headers);
    await stream.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    for (const piece of splitText(reasoningOf(reply, model, request.body), reply.chunkSize)) {
      await stream.write(chunk([{ index: 0, delta: { reasoning_content: piece }, finish_reason: null }]));
    }
    let sent = 0;
    for (const piece of splitText(text, reply.chunkSize)) {
      if (reply.breakAfterChunks !== undefined && sent >= reply.breakAfterChunks) return stream.breakConnection();
      if (reply.malformedAfterChunks !== undefined && sent >= reply.malformedAfterChunks) {
        await stream.write('data: {"choices": [{"delta": {"content": "oops"\n\n');
        return stream.end();
      }
      await stream.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
      sent++;
    }
    if (reply.breakAfterChunks !== undefined) return stream.breakConnection();
    await stream.write(chunk([{ index: 0, delta: {}, finish_reason: reply.finishReason ?? 'stop' }]));
    const options = request.body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) await stream.write(chunk([], { usage: usageBody }));
    await stream.write('data: [DONE]\n\n');
    stream.end();
  }
}

/** Writes SSE frames with an optional pause between them; stops quietly once the client is gone. */
export class SseWriter {
  constructor(
    private readonly response: ServerResponse,
    private readonly delayMs: number,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
    response.flushHeaders();
  }

  /** Resolves once the frame is handed to the OS, so a break right after cannot swallow it. */
  async write(frame: string): Promise<void> {
    if (this.response.destroyed) return;
    await new Promise<void>((resolve) => this.response.write(frame, () => resolve()));
    if (this.delayMs > 0) await sleep(this.delayMs);
  }

  end(): void {
    if (!this.response.destroyed) this.response.end();
  }

  /** Destroys the socket mid-response, as a crashed server or a dropped proxy would. */
  breakConnection(): void {
    this.response.socket?.destroy();
  }
}

/** Streamed pieces: `size` characters each, or one word (with its trailing whitespace) each. */
export function splitText(text: string, size?: number): string[] {
  if (size && size > 0) {
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    return pieces;
  }
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers }).end(json);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function openAiError(status: number): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : status === 401 ? 'invalid_api_key' : 'invalid_request_error';
  return { error: { message: `Fake error ${status}`, type, code: type } };
}

function allMessageText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join(' ');
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  if (contentType?.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
  }
  return { rawBytes: raw.length };
}

/** A deterministic 8-dimensional unit vector per text: equal texts get equal vectors. */
function fakeEmbedding(text: string): number[] {
  const vector = Array.from({ length: 8 }, (_, i) => {
    let hash = 2166136261 ^ i;
    for (let c = 0; c < text.length; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 16777619);
    return ((hash >>> 0) % 1000) / 1000 - 0.5;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

/** A valid 2×2 RGB PNG, built here (signature, IHDR, IDAT, IEND with CRCs). */
export const TINY_PNG: Buffer = (() => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Buffer): number => {
    let c = 0xffffffff;
    for (const byte of data) c = (crcTable[(c ^ byte) & 0xff]) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const pngChunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0); // width
  header.writeUInt32BE(2, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  // Each row: filter byte 0, then two RGB pixels.
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
})();

/** A valid WAV: 0.1 s of a 440 Hz tone, 8 kHz, 8-bit mono PCM. */
export const TINY_WAV: Buffer = (() => {
  const rate = 8000;
  const samples = Buffer.from(Array.from({ length: rate / 10 }, (_, i) => Math.round(128 + 100 * Math.sin((2 * Math.PI * 440 * i) / rate))));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // byte rate
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
})();
