import type { ErrorCode } from '../../../src/contracts/errors';
import { getTokens, setTokens, type AuthTokens } from './auth-storage';

export const API_BASE = '/api/v1';

/** Every code of the contract, as a record so a code added there fails to compile until it is listed here. */
const API_ERROR_CODES: Record<ErrorCode, true> = {
  VALIDATION_FAILED: true,
  MALFORMED_JSON: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  PAYLOAD_TOO_LARGE: true,
  BAD_REQUEST: true,
  UNAUTHENTICATED: true,
  INVALID_CREDENTIALS: true,
  TOKEN_EXPIRED: true,
  TOKEN_INVALID: true,
  FORBIDDEN: true,
  INSUFFICIENT_SCOPE: true,
  NOT_FOUND: true,
  METHOD_NOT_ALLOWED: true,
  EMAIL_TAKEN: true,
  CONFLICT: true,
  RATE_LIMITED: true,
  SERVICE_UNAVAILABLE: true,
  INTERNAL: true,
  MODEL_NOT_AVAILABLE: true,
  PROMPT_TOPIC_TAKEN: true,
  JSON_TOO_DEEP: true,
  WEBHOOK_SIGNATURE_INVALID: true,
  WEAK_PASSWORD: true,
  TOO_MANY_GENERATIONS: true,
  INVALID_LAST_EVENT_ID: true,
  CHANNEL_INVALID: true,
  CHANNEL_FORBIDDEN: true,
  REALTIME_DISABLED: true,
  ORIGIN_NOT_ALLOWED: true,
  WIDGET_INACTIVE: true,
  SESSION_NOT_TAKEN_OVER: true,
  WEBHOOK_TARGET_REFUSED: true,
  CHANNEL_NOT_EXTERNAL: true,
  CHANNEL_ACCOUNT_TAKEN: true,
  MAILBOX_UNKNOWN: true,
  EMAIL_UNREADABLE: true,
  URL_NOT_ALLOWED: true,
  ATTACHMENT_UNKNOWN: true,
  MEMORY_EXISTS: true,
  MEMORY_LIMIT_REACHED: true,
  NOT_LATEST_TURN: true,
  ANSWER_IN_PROGRESS: true,
  NOTHING_TO_CONTINUE: true,
  DATABASE_UNAVAILABLE: true,
};

/** NETWORK_ERROR: the server could not be reached. UNKNOWN: a code this client does not know (a newer server's). */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNKNOWN';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfterS: number | null;

  constructor(code: ApiErrorCode, status: number, message: string, retryAfterS: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfterS = retryAfterS;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Send the access token and refresh it once on a 401. Off for the auth endpoints themselves. */
  auth?: boolean;
  /** Sent as well, e.g. `Accept: text/event-stream` or `Last-Event-ID`. */
  headers?: Record<string, string>;
}

interface SessionTokens extends AuthTokens {
  expiresIn: number;
}

let refreshInFlight: Promise<AuthTokens | null> | null = null;

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await requestResponse(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * The successful response itself, for bodies read as they arrive (event streams). Same token
 * handling as `request`; a refusal is thrown as an ApiError.
 */
export function requestResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  return authorized((accessToken) => send(path, options, accessToken), options.auth !== false);
}

/**
 * The same token handling and errors for a request `attempt` sends itself (an upload through
 * XMLHttpRequest, for its progress): it gets the access token (undefined when logged out) and is
 * called again with a renewed one after a 401.
 */
export async function authorized(attempt: (accessToken: string | undefined) => Promise<Response>, auth = true): Promise<Response> {
  const tokens = auth ? getTokens() : null;
  let response = await attempt(tokens?.accessToken);

  if (response.status === 401 && tokens) {
    const renewed = await renewTokens(tokens);
    if (renewed) response = await attempt(renewed.accessToken);
    if (!renewed || response.status === 401) setTokens(null);
  }

  if (!response.ok) throw await toApiError(response);
  return response;
}

async function send(path: string, options: RequestOptions, accessToken?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('NETWORK_ERROR', 0, 'The server could not be reached.');
  }
}

/**
 * Gets a usable access token after `stale` was refused. Refresh tokens are single-use (rotated),
 * so concurrent 401s share one refresh, and a request that failed with tokens someone else has
 * already replaced just retries with the new ones.
 */
function renewTokens(stale: AuthTokens): Promise<AuthTokens | null> {
  const latest = getTokens();
  if (!latest) return Promise.resolve(null);
  if (latest.accessToken !== stale.accessToken) return Promise.resolve(latest);
  refreshInFlight ??= refresh(latest.refreshToken).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

async function refresh(refreshToken: string): Promise<AuthTokens | null> {
  const response = await send('/auth/refresh', { method: 'POST', body: { refreshToken } });
  // Only a refused refresh token ends the session; a rate limit or an outage must not log out.
  if (response.status === 401) return null;
  if (!response.ok) throw await toApiError(response);
  const session = (await response.json()) as SessionTokens;
  const tokens = { accessToken: session.accessToken, refreshToken: session.refreshToken };
  setTokens(tokens);
  return tokens;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const known = typeof error?.code === 'string' && Object.hasOwn(API_ERROR_CODES, error.code);
  const code: ApiErrorCode = known ? (error?.code as ErrorCode) : response.status >= 500 ? 'INTERNAL' : 'UNKNOWN';
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  return new ApiError(code, response.status, message, parseRetryAfter(response.headers.get('Retry-After')));
}

/** Retry-After is either delay-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : null;
}
