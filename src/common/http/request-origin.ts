import type { IncomingHttpHeaders } from 'node:http';

/** `scheme://host[:port]` of `value` as browsers serialize it; undefined for `null`, non-web schemes or garbage. */
export function originOf(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin of the page that sent a request: its `Origin` header, or, when a browser sends none
 * (a same-origin GET), its `Referer`'s origin. Undefined when neither names one (not a browser, or
 * a page that hides both); callers that must know the page refuse such requests.
 */
export function requestOrigin(headers: IncomingHttpHeaders): string | undefined {
  const origin = headers.origin;
  if (origin !== undefined) return originOf(origin);
  return originOf(headers.referer);
}
