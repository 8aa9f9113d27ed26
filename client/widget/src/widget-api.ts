import { browserTimeZone } from '../../src/lib/time-zone';
import type { SessionMode, Transcript, VisitorFile, VisitorMessageRequest, WidgetMessage } from './contract';
import { retryAfterSeconds } from './text';

/** A refusal by the API (`{error: {code, message}}`), or a network failure (status 0). */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from `Retry-After` (when the server exposes it to this origin). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'WidgetApiError';
  }
}

export async function apiErrorOf(response: Response): Promise<WidgetApiError> {
  let code = 'UNKNOWN';
  let message = '';
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not our JSON (a proxy's page): the status says enough.
  }
  return new WidgetApiError(response.status, code, message, retryAfterSeconds(response.headers.get('Retry-After')));
}

/** What `POST /widget/:wid/message` answered. */
export type SendResult = { kind: 'stream'; response: Response } | { kind: 'held'; mode: SessionMode; message: WidgetMessage };

/** The visitor's side of the widget API, as one session (docs/widgets.md, public endpoints). */
export class WidgetApi {
  private readonly base: string;

  constructor(
    readonly origin: string,
    readonly widgetId: string,
    readonly sessionId: string,
  ) {
    this.base = `${origin}/api/v1`;
  }

  /** The transcript, or null when the server does not know this session yet (404: a fresh visitor). */
  async transcript(signal?: AbortSignal): Promise<Transcript | null> {
    const response = await this.request(`/widget/${this.wid}/messages`, { signal });
    if (response.status === 404) return null;
    if (!response.ok) throw await apiErrorOf(response);
    return (await response.json()) as Transcript;
  }

  async send(message: string, pageUrl: string, fileIds: readonly string[] = [], signal?: AbortSignal): Promise<SendResult> {
    const response = await this.request(`/widget/${this.wid}/message`, {
      method: 'POST',
      body: JSON.stringify({ message, pageUrl, timeZone: browserTimeZone(), ...(fileIds.length > 0 ? { fileIds: [...fileIds] } : {}) } satisfies VisitorMessageRequest),
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok) throw await apiErrorOf(response);
    if (response.status === 202 || !(response.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
      const held = (await response.json()) as { mode: SessionMode; message: WidgetMessage };
      return { kind: 'held', mode: held.mode, message: held.message };
    }
    return { kind: 'stream', response };
  }

  /** Re-attaches to an answer of this session; with `lastEventId`, only what came after it. */
  async stream(trackId: string, lastEventId: string | null, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const response = await this.request(`/widget/${this.wid}/stream/${encodeURIComponent(trackId)}`, { headers, signal });
    if (!response.ok) throw await apiErrorOf(response);
    return response;
  }

  /**
   * Uploads a file the visitor attaches, reporting the bytes sent as a percentage. XMLHttpRequest,
   * because fetch cannot tell how much of a request body has gone.
   */
  upload(file: Blob, name: string, onProgress: (percent: number) => void, signal: AbortSignal): Promise<VisitorFile> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', `${this.base}/widget/${this.wid}/files`);
      request.setRequestHeader('X-Widget-Session', this.sessionId);
      request.responseType = 'text';
      request.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, Math.floor((event.loaded / event.total) * 100)));
      };
      request.onload = () => {
        const response = new Response(request.status === 204 ? null : request.responseText, {
          status: request.status,
          headers: { 'Content-Type': request.getResponseHeader('Content-Type') ?? '', 'Retry-After': request.getResponseHeader('Retry-After') ?? '' },
        });
        if (response.ok) void response.json().then((body) => resolve(body as VisitorFile), reject);
        else void apiErrorOf(response).then(reject);
      };
      request.onerror = () => reject(new WidgetApiError(0, 'NETWORK', 'The chat could not be reached.'));
      request.onabort = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('The upload was cancelled.', 'AbortError'));
      signal.addEventListener('abort', () => request.abort(), { once: true });
      const form = new FormData();
      form.append('file', file, name);
      request.send(form);
    });
  }

  /** One of this session's files: how far reading it has come. */
  async file(fileId: string, signal?: AbortSignal): Promise<VisitorFile> {
    const response = await this.request(`/widget/${this.wid}/files/${encodeURIComponent(fileId)}`, { signal });
    if (!response.ok) throw await apiErrorOf(response);
    return (await response.json()) as VisitorFile;
  }

  async humanHandoff(): Promise<SessionMode> {
    const response = await this.request(`/widget/${this.wid}/human-handoff`, { method: 'POST' });
    if (!response.ok) throw await apiErrorOf(response);
    return ((await response.json()) as { mode: SessionMode }).mode;
  }

  /** A realtime connection token for this visitor. */
  async connectionToken(): Promise<string> {
    const response = await this.request(`/realtime/widget/${this.wid}/sessions/${encodeURIComponent(this.sessionId)}/token`, { method: 'POST' });
    if (!response.ok) throw await apiErrorOf(response);
    return ((await response.json()) as { token: string }).token;
  }

  /** A subscription token for one of this session's channels. */
  async subscriptionToken(channel: string): Promise<string> {
    const response = await this.request('/realtime/subscribe', {
      method: 'POST',
      body: JSON.stringify({ channel, widgetId: this.widgetId, sessionId: this.sessionId }),
      headers: { 'Content-Type': 'application/json' },
    });
    if (!response.ok) throw await apiErrorOf(response);
    return ((await response.json()) as { token: string }).token;
  }

  private get wid(): string {
    return encodeURIComponent(this.widgetId);
  }

  private async request(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, {
        ...init,
        // The session id is the visitor's credential; the owner's site cookies are none of ours.
        credentials: 'omit',
        headers: { ...init.headers, 'X-Widget-Session': this.sessionId },
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new WidgetApiError(0, 'NETWORK', 'The chat could not be reached.');
    }
  }
}
