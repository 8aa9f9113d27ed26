import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAiSdk from 'openai';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';

/** Socket-level failures worth another attempt (the server or a proxy dropped the connection). */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Maps whatever an SDK (or fetch underneath it) threw into an AiProviderError with the right code
 * and `retryable` flag. Both SDKs come from the same generator and share the error taxonomy.
 */
export function toAiProviderError(error: unknown, provider: string): AiProviderError {
  if (error instanceof AiProviderError) return error;
  const message = describe(error);

  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AiProviderError(AiErrorCode.Timeout, `${provider} did not answer in time.`, true, { cause: error });
  }
  if (error instanceof OpenAiSdk.APIUserAbortError || error instanceof AnthropicSdk.APIUserAbortError || isAbortError(error)) {
    return new AiProviderError(AiErrorCode.Cancelled, `The request to ${provider} was cancelled.`, false, { cause: error });
  }
  if (error instanceof OpenAiSdk.APIConnectionTimeoutError || error instanceof AnthropicSdk.APIConnectionTimeoutError) {
    return new AiProviderError(AiErrorCode.Timeout, `${provider} did not answer in time.`, true, { cause: error });
  }
  if (error instanceof OpenAiSdk.APIConnectionError || error instanceof AnthropicSdk.APIConnectionError) {
    return new AiProviderError(AiErrorCode.Unavailable, `Could not reach ${provider}: ${message}`, true, { cause: error });
  }
  if (error instanceof OpenAiSdk.APIError || error instanceof AnthropicSdk.APIError) {
    if (typeof error.status === 'number') return fromHttpStatus(provider, error.status, message, error.headers as Headers | undefined, error);
    return fromStreamError(provider, error.error, message, error);
  }
  if (error instanceof SyntaxError) {
    return new AiProviderError(AiErrorCode.BadResponse, `${provider} sent a malformed response: ${message}`, false, { cause: error });
  }
  if (isTransientNetworkError(error)) {
    return new AiProviderError(AiErrorCode.Unavailable, `The connection to ${provider} broke: ${message}`, true, { cause: error });
  }
  return new AiProviderError(AiErrorCode.BadResponse, `${provider} failed: ${message}`, false, { cause: error });
}

/** The code for an HTTP error status of a provider. */
export function fromHttpStatus(
  provider: string,
  status: number,
  message: string,
  headers?: Headers,
  cause?: unknown,
): AiProviderError {
  if (status === 429) {
    return new AiProviderError(AiErrorCode.RateLimited, `${provider} is rate limiting us: ${message}`, true, {
      cause,
      retryAfterMs: retryAfterMs(headers),
    });
  }
  if (status === 408) return new AiProviderError(AiErrorCode.Timeout, `${provider} timed out: ${message}`, true, { cause });
  if (status === 401 || status === 403) {
    return new AiProviderError(AiErrorCode.Auth, `${provider} refused our credentials: ${message}`, false, { cause });
  }
  if (status >= 500) return new AiProviderError(AiErrorCode.Unavailable, `${provider} failed: ${message}`, true, { cause });
  return new AiProviderError(AiErrorCode.BadResponse, `${provider} rejected the request: ${message}`, false, { cause });
}

/**
 * The code for an error event inside an otherwise fine stream (Anthropic's `overloaded_error`,
 * OpenAI's `server_error`): `body` is the event's error object.
 */
export function fromStreamError(provider: string, body: unknown, message: string, cause?: unknown): AiProviderError {
  const type = errorType(body);
  if (type === 'overloaded_error' || type === 'api_error' || type === 'server_error') {
    return new AiProviderError(AiErrorCode.Unavailable, `${provider} failed mid-stream: ${message}`, true, { cause });
  }
  if (type === 'rate_limit_error' || type === 'rate_limit_exceeded') {
    return new AiProviderError(AiErrorCode.RateLimited, `${provider} rate limit: ${message}`, true, { cause });
  }
  return new AiProviderError(AiErrorCode.BadResponse, `${provider} sent an error: ${message}`, false, { cause });
}

/** Retry-After (seconds or an HTTP date), or OpenAI's `retry-after-ms`. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorType(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const inner = (body as { error?: { type?: unknown }; type?: unknown }).error?.type ?? (body as { type?: unknown }).type;
  return typeof inner === 'string' ? inner : undefined;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** fetch reports a dropped socket as `TypeError: terminated` with the socket error as its cause. */
function isTransientNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
    if (current.message === 'terminated' || current.message === 'fetch failed' || /socket|other side closed/i.test(current.message)) return true;
  }
  return false;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 300);
  return String(error).slice(0, 300);
}
