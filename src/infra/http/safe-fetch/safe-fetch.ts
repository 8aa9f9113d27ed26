import type { LookupAddress } from 'node:dns';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { nextHop, type Hop } from './redirects';
import { parseTargetUrl, pinnedLookup, resolveAllWithDns, resolveTarget, SafeFetchError, type ResolveAll, type TargetPolicy } from './target-guard';

export interface SafeFetchOptions extends TargetPolicy {
  method?: 'GET' | 'HEAD' | 'POST';
  /** Request headers; names in lower case. */
  headers?: Record<string, string>;
  body?: Buffer;
  /** The most of the body read. */
  maxBytes: number;
  /** Past maxBytes: fail with TOO_LARGE (the default), or keep the first maxBytes and close the response. */
  oversize?: 'error' | 'truncate';
  /** For the whole exchange: every hop's DNS, connection and response. */
  timeoutMs: number;
  /** Redirects followed, each hop checked like the first (default 5); with 'manual', a 3xx is returned as the answer. */
  maxRedirects?: number;
  redirect?: 'follow' | 'manual';
  signal?: AbortSignal;
  /** Specs answer DNS from a table; everything else leaves this to dns.lookup. */
  resolveAll?: ResolveAll;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Where the answer came from, after redirects. */
  url: string;
  body: Buffer;
  /** The media type without parameters, lower case (`text/html`), or null when the server named none. */
  contentType: string | null;
  /** Whether the body was cut at maxBytes (only with oversize 'truncate'). */
  truncated: boolean;
}

/**
 * The one way the server fetches an address a user named (webhook endpoints, pages for url_fetch,
 * crawled sites): only http(s); every hop's host resolved and refused if ANY of its addresses is
 * not public (address-classifier.ts); the connection made to those checked addresses only
 * (pinnedLookup, a fresh socket each time), so DNS cannot answer differently in between; redirects
 * followed by hand and checked like the first URL; the body read up to maxBytes and the whole
 * exchange bounded by timeoutMs. No Accept-Encoding is sent, so bodies arrive as they are counted.
 * Throws SafeFetchError.
 */
export async function safeFetch(raw: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const maxRedirects = options.redirect === 'manual' ? 0 : (options.maxRedirects ?? 5);
  let hop: Hop = { url: parseTargetUrl(raw), method: options.method ?? 'GET', headers: { ...options.headers }, body: options.body };
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await abortable(resolveTarget(hop.url, options, options.resolveAll ?? resolveAllWithDns), signal);
      const response = await send(hop, addresses, signal);
      const next = options.redirect === 'manual' ? null : nextHop(hop, response.statusCode ?? 0, response.headers.location);
      if (!next) return await readResponse(hop.url, response, options);
      response.destroy();
      if (redirects >= maxRedirects) throw new SafeFetchError('TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects.`);
      hop = next;
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw error;
    if (timeout.aborted) throw new SafeFetchError('TIMEOUT', `No complete answer within ${options.timeoutMs / 1000} s.`);
    if (signal.aborted) throw new SafeFetchError('ABORTED', 'The request was cancelled.');
    throw new SafeFetchError('NETWORK', describeNetworkError(error));
  }
}

/** DNS lookups cannot be cancelled; this stops waiting for one when the exchange is aborted. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function send(hop: Hop, addresses: LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  const request = hop.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = hop.body ? { ...hop.headers, 'content-length': String(hop.body.length) } : hop.headers;
  return new Promise((resolve, reject) => {
    // No pooled agent: a kept-alive socket to an earlier hop's address must never serve this one.
    const outgoing = request(hop.url, { method: hop.method, headers, agent: false, lookup: pinnedLookup(addresses), signal }, resolve);
    outgoing.on('error', reject);
    outgoing.end(hop.body);
  });
}

function readResponse(url: URL, response: IncomingMessage, options: SafeFetchOptions): Promise<SafeResponse> {
  const { maxBytes } = options;
  const truncate = options.oversize === 'truncate';
  const answer = (body: Buffer, truncated: boolean): SafeResponse => ({
    status: response.statusCode ?? 0,
    headers: response.headers,
    url: url.href,
    body,
    contentType: mediaType(response.headers['content-type']),
    truncated,
  });
  const tooLarge = () => new SafeFetchError('TOO_LARGE', `The answer is larger than ${maxBytes} bytes.`);
  const declared = Number(response.headers['content-length']);
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length <= maxBytes) return;
      response.destroy();
      if (truncate) resolve(answer(Buffer.concat(chunks).subarray(0, maxBytes), true));
      else reject(tooLarge());
    });
    response.on('end', () => resolve(answer(Buffer.concat(chunks), false)));
    response.on('error', reject);
  });
}

/** `text/html; charset=utf-8` → `text/html`. */
export function mediaType(header: string | undefined): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (code && !message.includes(code) ? `${message} (${code})` : message).slice(0, 500);
}
