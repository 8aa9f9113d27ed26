import { AiErrorCode, AiProviderError } from './ai-provider.error';
import type { ProviderStreamEvent } from './ai.types';
import { toAiProviderError } from './providers/provider-errors';

/** How calls to providers are bounded and retried. */
export interface CallPolicy {
  /** Bound on one call; for a stream, on the wait for its first event. */
  requestTimeoutMs: number;
  /** Longest silence between two events of a stream. */
  idleTimeoutMs: number;
  /** Further attempts after a retryable failure (timeout, 429, 5xx, dropped connection). */
  maxRetries: number;
  /** Pause before retry number `retry` (1-based). */
  backoffMs(retry: number, error: AiProviderError): number;
}

const MAX_RETRY_AFTER_MS = 20_000;

/** Exponential from 500 ms with ±20 % jitter (so nodes do not retry in lockstep); a 429's Retry-After wins. */
export function defaultBackoffMs(retry: number, error: AiProviderError): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.min(500 * 2 ** (retry - 1), 8_000) * (0.8 + Math.random() * 0.4);
}

/**
 * Streams one chat through `open`, retrying retryable failures with backoff only while no delta
 * (of the answer or of its reasoning) has been produced: after output, a failure is thrown so the
 * caller keeps the partial answer.
 * `signal` cancels promptly (even if the provider ignores its own signal) with CANCELLED.
 */
export async function* guardedStream(
  open: (signal: AbortSignal) => AsyncIterable<ProviderStreamEvent>,
  policy: CallPolicy,
  who: string,
  signal?: AbortSignal,
): AsyncGenerator<ProviderStreamEvent> {
  for (let retry = 0; ; retry++) {
    const call = new GuardedCall(who, signal);
    let produced = false;
    let sawEvent = false;
    let ended = false;
    let iterator: AsyncIterator<ProviderStreamEvent> | undefined;
    try {
      call.throwIfCancelled();
      iterator = open(call.signal)[Symbol.asyncIterator]();
      for (;;) {
        call.throwIfCancelled();
        const result = await call.race(iterator.next(), sawEvent ? policy.idleTimeoutMs : policy.requestTimeoutMs);
        if (result.done) {
          ended = true;
          return;
        }
        sawEvent = true;
        // Reasoning is shown as it streams too: a retry would show it twice.
        if (result.value.type === 'delta' || result.value.type === 'thinking') produced = true;
        yield result.value;
      }
    } catch (error) {
      const failure = call.explain(error);
      if (produced || !failure.retryable || retry >= policy.maxRetries) throw failure;
      await pause(policy.backoffMs(retry + 1, failure), who, signal);
    } finally {
      call.dispose(ended);
      // Lets the adapter close its HTTP stream; never awaited, a stuck provider must not block us.
      if (!ended && iterator?.return) void iterator.return().catch(() => undefined);
    }
  }
}

/** Runs a one-shot call (embeddings, media) under the request timeout, retrying retryable failures. */
export async function guardedCall<T>(work: (signal: AbortSignal) => Promise<T>, policy: CallPolicy, who: string, signal?: AbortSignal): Promise<T> {
  return withRetries(
    async () => {
      const call = new GuardedCall(who, signal);
      let ended = false;
      try {
        call.throwIfCancelled();
        const result = await call.race(work(call.signal), policy.requestTimeoutMs);
        ended = true;
        return result;
      } catch (error) {
        throw call.explain(error);
      } finally {
        call.dispose(ended);
      }
    },
    policy,
    who,
    signal,
  );
}

/** Repeats `attempt` while it fails with a retryable AiProviderError, up to the policy's limit. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: CallPolicy, who: string, signal?: AbortSignal): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = toAiProviderError(error, who);
      if (!failure.retryable || retry >= policy.maxRetries) throw failure;
      await pause(policy.backoffMs(retry + 1, failure), who, signal);
    }
  }
}

/**
 * One attempt's abort controller, linked to the caller's signal, remembering why it fired so a
 * timeout is reported as PROVIDER_TIMEOUT and a stop as CANCELLED, whatever the SDK threw. A stream
 * waits once per event: every wait races the one `aborted` promise and re-arms the one timer, so an
 * event costs no listener, timer or closure of its own.
 */
class GuardedCall {
  private readonly controller = new AbortController();
  private why: 'cancelled' | 'timeout' | undefined;
  private readonly onCallerAbort = (): void => this.abort('cancelled');
  /** Rejects as the call is aborted (a stop, a timeout). */
  private readonly aborted: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private timerMs = 0;
  /** A wait is running: the timer only fires for one. */
  private waiting = false;

  constructor(
    private readonly who: string,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.aborted = new Promise<never>((_resolve, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.failure()), { once: true });
    });
    this.aborted.catch(() => undefined);
    if (callerSignal?.aborted) this.abort('cancelled');
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  throwIfCancelled(): void {
    if (this.why) throw this.failure();
  }

  /** Settles with `promise`, or rejects as soon as the call is aborted or `timeoutMs` passes. */
  race<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
    // The losing promise may still reject later (the adapter noticing the abort): not an error.
    promise.catch(() => undefined);
    if (this.why) return Promise.reject(this.failure());
    this.arm(timeoutMs);
    this.waiting = true;
    return Promise.race([promise, this.aborted]).finally(() => (this.waiting = false));
  }

  explain(error: unknown): AiProviderError {
    return this.why ? this.failure() : toAiProviderError(error, this.who);
  }

  /**
   * Ends the attempt: its timer, its link to the caller's signal and, unless it `ended` on its own,
   * the provider's request. One that ended has nothing left to close, and aborting it would only
   * make the SDK raise (and drop) an AbortError.
   */
  dispose(ended: boolean): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (!ended && !this.controller.signal.aborted) this.controller.abort();
  }

  /** The timer fires `timeoutMs` from now: re-armed when the bound stays the same, as it does from a stream's second event on. */
  private arm(timeoutMs: number): void {
    if (this.timer && this.timerMs === timeoutMs) {
      this.timer.refresh();
      return;
    }
    clearTimeout(this.timer);
    this.timerMs = timeoutMs;
    this.timer = setTimeout(() => {
      if (this.waiting) this.abort('timeout');
    }, timeoutMs);
  }

  private abort(why: 'cancelled' | 'timeout'): void {
    this.why ??= why;
    this.controller.abort();
  }

  private failure(): AiProviderError {
    return this.why === 'timeout'
      ? new AiProviderError(AiErrorCode.Timeout, `${this.who} did not answer in time.`, true)
      : new AiProviderError(AiErrorCode.Cancelled, `The request to ${this.who} was cancelled.`);
  }
}

/** Waits before a retry; a cancel during the wait ends it at once with CANCELLED. */
function pause(ms: number, who: string, signal: AbortSignal | undefined): Promise<void> {
  const cancelled = (): AiProviderError => new AiProviderError(AiErrorCode.Cancelled, `The request to ${who} was cancelled.`);
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
