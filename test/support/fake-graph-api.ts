import type { ServerResponse } from 'node:http';
import { ScriptedHttpServer, sendJson, type FakeReply, type RecordedRequest } from './fake-openai-server';

const VERSION = '/v21.0';

/**
 * Meta's Graph API for WhatsApp, as a real HTTP server on 127.0.0.1: records every request and
 * answers the way the Cloud API does.
 *
 *   const graph = await FakeGraphApi.start();
 *   env.config({ WHATSAPP_GRAPH_URL: graph.baseUrl, … });
 *   graph.serveMedia('media-1', 'image/png', TINY_PNG);            // GET /{media-id}, then its URL
 *   graph.script({ path: graph.path('1000001/messages'), status: 429, headers: { 'retry-after': '0' } });
 *   graph.textsTo('4915112345678');                                // the texts sent to that number
 *
 * Endpoints, under `/v21.0`: POST /{phone-number-id}/messages (a message → `wamid.out.<n>`; a read
 * receipt → `{success: true}`), POST /{phone-number-id}/media (multipart → `media.out.<n>`),
 * GET /{media-id} for media served with serveMedia, and the download URL it gives, GET
 * /{phone-number-id} (a display number and verified name; ids in `unknownNumbers` answer Meta's
 * error 100). Without a bearer token every call answers error 190. A scripted reply (`status`, and
 * `headers`) is Meta's error body with that status, used once by the next request to its path.
 */
export class FakeGraphApi extends ScriptedHttpServer {
  /** Phone number ids the token may not use: GET /{id} answers error 100. */
  readonly unknownNumbers = new Set<string>();
  /** Messages WhatsApp accepted, with the `wamid` it answered for each (status webhooks name it). */
  readonly accepted: Array<{ id: string; body: Record<string, unknown> }> = [];
  protected readonly chatPath = `${VERSION}/none`;
  private readonly media = new Map<string, { mime: string; data: Buffer }>();
  private sent = 0;

  static async start(): Promise<FakeGraphApi> {
    const api = new FakeGraphApi({});
    await api.listen();
    return api;
  }

  /** What WHATSAPP_GRAPH_URL (or a number's `config.graphUrl`) should be. */
  get baseUrl(): string {
    return `${this.url}${VERSION}`;
  }

  /** The recorded (and scriptable) path of a Graph API call: `path('1000001/messages')`. */
  path(relative: string): string {
    return `${VERSION}/${relative}`;
  }

  serveMedia(id: string, mime: string, data: Buffer): void {
    this.media.set(id, { mime, data });
  }

  /** Messages sent (read receipts left out), in order, whether WhatsApp accepted them or not. */
  messages(): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.body.status === undefined).map((r) => r.body);
  }

  /** The bodies of the text messages sent to `to`, in order. */
  textsTo(to: string): string[] {
    return this.messages()
      .filter((m) => m.to === to && m.type === 'text')
      .map((m) => (m.text as { body?: string } | undefined)?.body ?? '');
  }

  /** Read receipts (with a typing indicator) sent for the inbound message `messageId`. */
  readReceipts(messageId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.body.status === 'read' && r.body.message_id === messageId);
  }

  protected handle(request: RecordedRequest, reply: FakeReply, response: ServerResponse): Promise<void> {
    if (reply.status !== undefined) graphError(response, reply.status, reply.status === 429 ? 130429 : 131000, 'Scripted failure', reply.headers);
    else if (request.headers.authorization === undefined) graphError(response, 401, 190, 'An access token is required to request this resource.');
    else this.answer(request, response);
    return Promise.resolve();
  }

  private answer(request: RecordedRequest, response: ServerResponse): void {
    const [first, second] = request.path.slice(VERSION.length).split('/').filter(Boolean);
    if (request.path.startsWith('/media-download/')) {
      const media = this.media.get(request.path.slice('/media-download/'.length));
      if (!media) return graphError(response, 404, 100, 'Unknown media');
      response.writeHead(200, { 'content-type': media.mime, 'content-length': media.data.length }).end(media.data);
      return;
    }
    if (request.method === 'POST' && second === 'messages') {
      if (request.body.status === 'read') return sendJson(response, 200, { success: true });
      const id = `wamid.out.${++this.sent}`;
      this.accepted.push({ id, body: request.body });
      return sendJson(response, 200, { messaging_product: 'whatsapp', contacts: [{ input: request.body.to, wa_id: request.body.to }], messages: [{ id }] });
    }
    if (request.method === 'POST' && second === 'media') return sendJson(response, 200, { id: `media.out.${++this.sent}` });
    if (request.method === 'GET' && first !== undefined && second === undefined) {
      const media = this.media.get(first);
      if (media) {
        return sendJson(response, 200, { messaging_product: 'whatsapp', url: `${this.url}/media-download/${first}`, mime_type: media.mime, sha256: '', file_size: media.data.length, id: first });
      }
      if (this.unknownNumbers.has(first)) return graphError(response, 400, 100, `Unsupported get request. Object with ID '${first}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
      return sendJson(response, 200, { id: first, display_phone_number: '+1 555-010-0000', verified_name: 'Test Business' });
    }
    graphError(response, 404, 100, `Unknown path ${request.method} ${request.path}`);
  }
}

/** Meta's error body: `{error: {message, type, code, error_data: {details}, fbtrace_id}}`. */
function graphError(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'fake' } }, headers);
}
