/** Why a provider call failed; surfaced as the SSE `error {code}` or a failed task card. */
export enum AiErrorCode {
  Timeout = 'PROVIDER_TIMEOUT',
  RateLimited = 'PROVIDER_RATE_LIMITED',
  Unavailable = 'PROVIDER_UNAVAILABLE',
  BadResponse = 'PROVIDER_BAD_RESPONSE',
  Auth = 'PROVIDER_AUTH',
  Unsupported = 'CAPABILITY_UNSUPPORTED',
  NoModel = 'NO_MODEL_FOR_CAPABILITY',
  Cancelled = 'CANCELLED',
  /** An explicitly requested model does not exist, is disabled, or lacks the capability. */
  ModelNotAvailable = 'MODEL_NOT_AVAILABLE',
}

export class AiProviderError extends Error {
  /** How long the provider asked us to wait before trying again (a 429's Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: AiErrorCode,
    message: string,
    /** Safe to try again (timeouts, 429, 5xx) — only before any output was produced. */
    readonly retryable = false,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'AiProviderError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}
