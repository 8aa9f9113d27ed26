import { parseTargetUrl, SafeFetchError } from './target-guard';

/** Statuses whose Location is followed; any other 3xx (304, 300) is an answer in itself. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that name the caller to the first origin and must not be handed to another one. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export interface Hop {
  url: URL;
  method: string;
  /** Names in lower case. */
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * The request a redirect leads to, or null when the answer is not a redirect to follow. The new
 * URL passes the same form check as the first (http(s), no credentials; a relative Location is
 * resolved against the current URL); its addresses are checked when it is connected to, like
 * every hop's. 303, and 301/302 after a POST, become a GET without a body (as browsers do); 307
 * and 308 repeat the request. Credentials stay with the origin they were meant for.
 */
export function nextHop(current: Hop, status: number, location: string | undefined): Hop | null {
  if (!REDIRECT_STATUSES.has(status) || !location) return null;
  let target: URL;
  try {
    target = new URL(location, current.url);
  } catch {
    throw new SafeFetchError('URL_INVALID', 'A redirect pointed to something that is not a URL.');
  }
  const url = parseTargetUrl(target);
  const becomesGet = status === 303 ? current.method !== 'HEAD' : (status === 301 || status === 302) && current.method === 'POST';
  const headers = { ...current.headers };
  if (url.origin !== current.url.origin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
  if (becomesGet) {
    delete headers['content-type'];
    delete headers['content-length'];
    return { url, method: 'GET', headers };
  }
  return { url, method: current.method, headers, body: current.body };
}
