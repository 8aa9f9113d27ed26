import { readCappedBody } from '../../../infra/http/read-capped-body';
import { CapabilityError } from '../capabilities/capability';

export interface SearchRequest {
  /** The provider's name in messages ("SearXNG"). */
  provider: string;
  url: URL;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Per attempt. */
  timeoutMs: number;
  /** The most of a response body read. */
  maxBytes: number;
  /** Further attempts after a 429, a 5xx or a network error. */
  retries: number;
  /** First backoff; doubled per attempt, or the server's Retry-After when shorter than MAX_BACKOFF_MS. */
  backoffMs: number;
}

const MAX_BACKOFF_MS = 5000;

/**
 * GETs a search API's JSON answer: bounded in time and size, retried with backoff on 429, 5xx and
 * network errors (a search is idempotent), and failed with SEARCH_FAILED and a readable reason
 * otherwise. The URL is the operator's configuration, not a user's, so no SSRF guard applies.
 */
export async function getSearchJson(request: SearchRequest): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(request);
    if (outcome.ok) return outcome.body;
    if (!outcome.retry || attempt >= request.retries || request.signal?.aborted) throw outcome.error;
    await sleep(Math.min(outcome.retryAfterMs ?? request.backoffMs * 2 ** attempt, MAX_BACKOFF_MS), request.signal);
  }
}

type Outcome = { ok: true; body: unknown } | { ok: false; retry: boolean; retryAfterMs?: number; error: CapabilityError };

async function attemptOnce(request: SearchRequest): Promise<Outcome> {
  const failed = (message: string, retry: boolean, retryAfterMs?: number): Outcome => ({
    ok: false,
    retry,
    retryAfterMs,
    error: new CapabilityError('SEARCH_FAILED', `${request.provider}: ${message}`),
  });
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(request.url, { headers: { accept: 'application/json', ...request.headers }, signal, redirect: 'error' });
  } catch {
    if (request.signal?.aborted) return failed('the search was cancelled.', false);
    return failed(timeout.aborted ? `no answer within ${request.timeoutMs / 1000} s.` : 'the search service could not be reached.', true);
  }
  try {
    if (response.status === 429 || response.status >= 500) {
      return failed(`the search service answered ${response.status}.`, true, retryAfter(response.headers.get('retry-after')));
    }
    if (response.status === 401 || response.status === 403) {
      // SearXNG answers 403 for a format its settings do not enable.
      return failed(`the search service refused the request (${response.status}): check its API key or, for SearXNG, that search.formats includes json.`, false);
    }
    if (!response.ok) return failed(`the search service answered ${response.status}.`, false);
    const type = response.headers.get('content-type') ?? '';
    if (!type.toLowerCase().includes('json')) return failed(`the answer was not JSON (${type.slice(0, 60) || 'no content type'}); for SearXNG, enable the json format.`, false);
    const text = (await readCappedBody(response, request.maxBytes))?.toString('utf8') ?? null;
    if (text === null) return failed(`the answer was larger than ${request.maxBytes} bytes.`, false);
    try {
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch {
      return failed('the answer was not valid JSON.', false);
    }
  } catch {
    if (request.signal?.aborted) return failed('the search was cancelled.', false);
    return failed(timeout.aborted ? `no answer within ${request.timeoutMs / 1000} s.` : 'the answer was cut off.', true);
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

/** Retry-After in seconds (the form rate limiters send); a date or garbage leaves the backoff to us. */
function retryAfter(value: string | null): number | undefined {
  if (!value || !/^\d{1,5}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
