import { Injectable, Logger } from '@nestjs/common';
import { readCappedBody } from '../../../infra/http/read-capped-body';

/** Where one WhatsApp number's Graph API calls go, and the token they carry. */
export interface GraphTarget {
  /** `https://graph.facebook.com/v21.0`, without a trailing slash. */
  baseUrl: string;
  accessToken: string;
}

/**
 * A Graph API call that failed. `permanent` when retrying cannot help (a 4xx other than 429:
 * a bad token, a closed conversation window, an invalid recipient); `code` is Meta's error code.
 */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';

  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface GraphRetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  /** Each try's time limit. */
  timeoutMs: number;
  /** The first pause; it doubles per retry, with full jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for here: the call fails and its job retries later. */
  maxRetryAfterMs: number;
}

export const DEFAULT_GRAPH_RETRY: GraphRetryPolicy = { attempts: 4, timeoutMs: 20_000, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/** What Meta says about a media object before it is downloaded. */
export interface MediaInfo {
  url: string;
  mime: string;
  /** Bytes, when Meta says. */
  size: number | null;
}

/** A file to upload and send. */
export interface OutgoingFile {
  name: string;
  mime: string;
  data: Buffer;
}

/** Thrown by download when the media is larger than the cap: not retried. */
class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
}

type Json = Record<string, unknown>;

const MIB = 1024 * 1024;
/** Cap on what is read of an error body or a JSON answer: Meta's are a few hundred bytes. */
const MAX_JSON_BYTES = MIB;

/**
 * The few Graph API calls the WhatsApp channel makes. Every call is bounded in time and retried
 * with exponential backoff and full jitter on network failures, timeouts, 5xx and 429 (honouring
 * Retry-After); any other 4xx fails at once as permanent, with Meta's code and message.
 */
@Injectable()
export class WhatsAppGraphClient {
  private readonly logger = new Logger(WhatsAppGraphClient.name);
  private policy: GraphRetryPolicy = DEFAULT_GRAPH_RETRY;

  /** Tests shorten the pauses; production keeps the defaults. */
  usePolicy(policy: Partial<GraphRetryPolicy>): void {
    this.policy = { ...this.policy, ...policy };
  }

  /** Sends a message (`text`, `image`, …, or a read receipt); returns the new message's `wamid`. */
  async sendMessage(target: GraphTarget, phoneNumberId: string, message: Json): Promise<string> {
    const answer = await this.json(target, `/${encodeURIComponent(phoneNumberId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message }),
      headers: { 'content-type': 'application/json' },
    });
    const [first] = Array.isArray(answer.messages) ? (answer.messages as unknown[]) : [];
    const id = typeof first === 'object' && first !== null ? (first as Json).id : undefined;
    if (typeof id !== 'string') throw new GraphApiError('The Graph API accepted the message but returned no message id.', null, 'NO_MESSAGE_ID', false);
    return id;
  }

  /** Marks an inbound message read (blue ticks) and shows a typing indicator until we answer. */
  async markReadAndTyping(target: GraphTarget, phoneNumberId: string, messageId: string): Promise<void> {
    await this.json(target, `/${encodeURIComponent(phoneNumberId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: messageId, typing_indicator: { type: 'text' } }),
      headers: { 'content-type': 'application/json' },
    });
  }

  /** Uploads a file for sending; returns its media id. */
  async uploadMedia(target: GraphTarget, phoneNumberId: string, file: OutgoingFile): Promise<string> {
    const answer = await this.json(target, `/${encodeURIComponent(phoneNumberId)}/media`, {
      method: 'POST',
      // Built per try: a FormData body is read once by fetch.
      body: () => {
        const form = new FormData();
        form.append('messaging_product', 'whatsapp');
        form.append('type', file.mime);
        form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mime }), file.name);
        return form;
      },
    });
    if (typeof answer.id !== 'string') throw new GraphApiError('The Graph API accepted the upload but returned no media id.', null, 'NO_MEDIA_ID', false);
    return answer.id;
  }

  async mediaInfo(target: GraphTarget, mediaId: string): Promise<MediaInfo> {
    const answer = await this.json(target, `/${encodeURIComponent(mediaId)}`, { method: 'GET' });
    if (typeof answer.url !== 'string') throw new GraphApiError(`The Graph API returned no download URL for media ${mediaId}.`, null, 'NO_MEDIA_URL', true);
    return {
      url: answer.url,
      mime: typeof answer.mime_type === 'string' ? answer.mime_type : 'application/octet-stream',
      size: typeof answer.file_size === 'number' ? answer.file_size : typeof answer.file_size === 'string' ? Number(answer.file_size) || null : null,
    };
  }

  /** Downloads media from the URL mediaInfo gave, with the bearer token; refuses more than `maxBytes`. */
  async download(target: GraphTarget, url: string, maxBytes: number): Promise<Buffer> {
    return this.withRetries(`GET media`, async (signal) => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${target.accessToken}` }, signal });
      if (!response.ok) throw await this.failure(response);
      return readCapped(response, maxBytes);
    });
  }

  /** The number's display phone number and verified name: proves the token may use the number. */
  async phoneNumber(target: GraphTarget, phoneNumberId: string): Promise<{ displayPhoneNumber: string | null; verifiedName: string | null }> {
    const answer = await this.json(target, `/${encodeURIComponent(phoneNumberId)}?fields=display_phone_number,verified_name`, { method: 'GET' });
    return {
      displayPhoneNumber: typeof answer.display_phone_number === 'string' ? answer.display_phone_number.slice(0, 40) : null,
      verifiedName: typeof answer.verified_name === 'string' ? answer.verified_name.slice(0, 200) : null,
    };
  }

  private json(target: GraphTarget, path: string, init: { method: string; body?: string | (() => FormData); headers?: Record<string, string> }): Promise<Json> {
    return this.withRetries(`${init.method} ${path}`, async (signal) => {
      const body = typeof init.body === 'function' ? init.body() : init.body;
      const response = await fetch(`${target.baseUrl}${path}`, {
        method: init.method,
        headers: { ...init.headers, authorization: `Bearer ${target.accessToken}` },
        body,
        signal,
      });
      if (!response.ok) throw await this.failure(response);
      const text = (await readCapped(response, MAX_JSON_BYTES)).toString('utf8');
      const parsed: unknown = text === '' ? {} : JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
    });
  }

  private async withRetries<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { attempts, timeoutMs } = this.policy;
    for (let tryNumber = 1; ; tryNumber++) {
      try {
        return await attempt(AbortSignal.timeout(timeoutMs));
      } catch (thrown) {
        const error = asGraphError(thrown, timeoutMs);
        const wait = error.permanent || tryNumber >= attempts ? null : this.pause(tryNumber, thrown);
        if (wait === null) throw error;
        this.logger.warn(`${what} failed (${error.message}); try ${tryNumber + 1} of ${attempts} in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** How long to wait before try `tryNumber + 1`: Retry-After when Meta gave one, else backoff with full jitter. Null: give up now. */
  private pause(tryNumber: number, thrown: unknown): number | null {
    const retryAfter = thrown instanceof RetryableResponse ? thrown.retryAfterMs : null;
    if (retryAfter !== null) return retryAfter <= this.policy.maxRetryAfterMs ? retryAfter : null;
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (tryNumber - 1));
    return Math.round(Math.random() * ceiling);
  }

  /** The error for a response that is not 2xx, with Meta's code and message when its body has them. */
  private async failure(response: Response): Promise<GraphApiError> {
    let meta: Json = {};
    try {
      const parsed: unknown = JSON.parse((await readCapped(response, MAX_JSON_BYTES)).toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Json).error === 'object' && (parsed as Json).error !== null) meta = (parsed as Json).error as Json;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    const code = typeof meta.code === 'number' || typeof meta.code === 'string' ? String(meta.code) : `HTTP_${response.status}`;
    const details = typeof meta.error_data === 'object' && meta.error_data !== null ? (meta.error_data as Json).details : undefined;
    const words = [meta.message, details].filter((part): part is string => typeof part === 'string' && part !== '').map((part) => part.slice(0, 500));
    const message = `WhatsApp answered ${response.status}${words.length > 0 ? `: ${[...new Set(words)].join(' — ')}` : ''} (code ${code})`;
    const retryable = response.status === 429 || response.status >= 500;
    return retryable ? new RetryableResponse(message, response.status, code, retryAfterMs(response.headers.get('retry-after'))) : new GraphApiError(message, response.status, code, true);
  }
}

/** A 429 or 5xx, which is retried, with the wait Meta asked for. */
class RetryableResponse extends GraphApiError {
  constructor(
    message: string,
    status: number,
    code: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message, status, code, false);
  }
}

function asGraphError(thrown: unknown, timeoutMs: number): GraphApiError {
  if (thrown instanceof GraphApiError) return thrown;
  if (thrown instanceof MediaTooLargeError) return new GraphApiError(thrown.message, null, 'MEDIA_TOO_LARGE', true);
  if (thrown instanceof DOMException && thrown.name === 'TimeoutError') return new GraphApiError(`the Graph API did not answer within ${timeoutMs} ms`, null, 'TIMEOUT', false);
  if (thrown instanceof SyntaxError) return new GraphApiError('the Graph API answered with JSON that does not parse', null, 'BAD_RESPONSE', false);
  const reason = thrown instanceof Error ? (thrown.cause instanceof Error ? thrown.cause.message : thrown.message) : String(thrown);
  return new GraphApiError(`the Graph API could not be reached (${reason})`, null, 'NETWORK', false);
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** The body, refused as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const body = await readCappedBody(response, maxBytes);
  if (body === null) throw new MediaTooLargeError(`the file is larger than ${maxBytes >= MIB ? `${Math.round(maxBytes / MIB)} MB` : `${maxBytes} bytes`}`);
  return body;
}
