import { describe, expect, it } from 'vitest';
import { guardedCall, guardedStream, type CallPolicy } from './ai-call-policy';
import { AiErrorCode, AiProviderError } from './ai-provider.error';
import type { ProviderStreamEvent } from './ai.types';

const policy = (overrides: Partial<CallPolicy> = {}): CallPolicy => ({
  requestTimeoutMs: 5_000,
  idleTimeoutMs: 5_000,
  maxRetries: 2,
  backoffMs: () => 0,
  ...overrides,
});

const retryable = (): AiProviderError => new AiProviderError(AiErrorCode.Unavailable, 'upstream 503', true);

/** A provider stream scripted per attempt: each entry is what that attempt yields, then how it ends. */
function scripted(attempts: Array<{ deltas: string[]; thinking?: string[]; fail?: () => Error; hang?: boolean }>): {
  open: (signal: AbortSignal) => AsyncIterable<ProviderStreamEvent>;
  calls: () => number;
} {
  let calls = 0;
  return {
    calls: () => calls,
    open: (signal) =>
      (async function* (): AsyncGenerator<ProviderStreamEvent> {
        const attempt = attempts[calls++];
        if (!attempt) throw new Error('unexpected attempt');
        for (const text of attempt.thinking ?? []) yield { type: 'thinking', text };
        for (const text of attempt.deltas) yield { type: 'delta', text };
        // A provider that ignores its signal: only the policy can end this wait.
        if (attempt.hang) await new Promise(() => undefined);
        if (attempt.fail) throw attempt.fail();
        void signal;
        yield { type: 'usage', usage: { promptTokens: 1, completionTokens: attempt.deltas.length } };
      })(),
  };
}

async function run(stream: AsyncIterable<ProviderStreamEvent>): Promise<{ deltas: string[]; error?: AiProviderError }> {
  const deltas: string[] = [];
  try {
    for await (const event of stream) if (event.type === 'delta') deltas.push(event.text);
    return { deltas };
  } catch (error) {
    expect(error).toBeInstanceOf(AiProviderError);
    return { deltas, error: error as AiProviderError };
  }
}

describe('guardedStream', () => {
  it('retries retryable failures that happen before the first delta', async () => {
    const provider = scripted([{ deltas: [], fail: retryable }, { deltas: [], fail: retryable }, { deltas: ['ok'] }]);

    const result = await run(guardedStream(provider.open, policy(), 'Fake'));

    expect(result).toEqual({ deltas: ['ok'] });
    expect(provider.calls()).toBe(3);
  });

  it('waits the backoff the policy asks for, passing the attempt number and the error', async () => {
    const seen: Array<[number, string]> = [];
    const provider = scripted([{ deltas: [], fail: retryable }, { deltas: [], fail: retryable }, { deltas: ['ok'] }]);

    await run(guardedStream(provider.open, policy({ backoffMs: (n, e) => (seen.push([n, e.code]), 1) }), 'Fake'));

    expect(seen).toEqual([
      [1, AiErrorCode.Unavailable],
      [2, AiErrorCode.Unavailable],
    ]);
  });

  it('never retries once output was produced: the partial deltas arrive, then the error', async () => {
    const provider = scripted([{ deltas: ['Hel', 'lo'], fail: retryable }, { deltas: ['never'] }]);

    const result = await run(guardedStream(provider.open, policy(), 'Fake'));

    expect(result.deltas).toEqual(['Hel', 'lo']);
    expect(result.error?.code).toBe(AiErrorCode.Unavailable);
    expect(provider.calls()).toBe(1);
  });

  it('never retries once reasoning was streamed: it was shown, and would be shown twice', async () => {
    const provider = scripted([{ deltas: [], thinking: ['Let me see'], fail: retryable }, { deltas: ['never'] }]);

    const result = await run(guardedStream(provider.open, policy(), 'Fake'));

    expect(result.error?.code).toBe(AiErrorCode.Unavailable);
    expect(provider.calls()).toBe(1);
  });

  it('does not retry errors that are not retryable', async () => {
    const provider = scripted([{ deltas: [], fail: () => new AiProviderError(AiErrorCode.Auth, 'bad key') }, { deltas: ['never'] }]);

    const result = await run(guardedStream(provider.open, policy(), 'Fake'));

    expect(result.error?.code).toBe(AiErrorCode.Auth);
    expect(provider.calls()).toBe(1);
  });

  it('gives up after maxRetries with the last error', async () => {
    const provider = scripted([{ deltas: [], fail: retryable }, { deltas: [], fail: retryable }, { deltas: [], fail: retryable }]);

    const result = await run(guardedStream(provider.open, policy({ maxRetries: 2 }), 'Fake'));

    expect(result.error?.code).toBe(AiErrorCode.Unavailable);
    expect(provider.calls()).toBe(3);
  });

  it('maps foreign errors (fetch dropping the socket) to retryable provider errors', async () => {
    const dropped = (): Error => new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const provider = scripted([{ deltas: [], fail: dropped }, { deltas: ['fine'] }]);

    expect(await run(guardedStream(provider.open, policy(), 'Fake'))).toEqual({ deltas: ['fine'] });
  });

  it('times out a provider that never sends its first event, as a retryable PROVIDER_TIMEOUT', async () => {
    const provider = scripted([{ deltas: [], hang: true }, { deltas: ['late but fine'] }]);

    const result = await run(guardedStream(provider.open, policy({ requestTimeoutMs: 30 }), 'Fake'));

    expect(result).toEqual({ deltas: ['late but fine'] });
    expect(provider.calls()).toBe(2);
  });

  it('times out a stream that goes silent after output, keeping what came', async () => {
    const provider = scripted([{ deltas: ['partial'], hang: true }]);

    const result = await run(guardedStream(provider.open, policy({ idleTimeoutMs: 30 }), 'Fake'));

    expect(result.deltas).toEqual(['partial']);
    expect(result.error?.code).toBe(AiErrorCode.Timeout);
  });

  it('ends with CANCELLED promptly on abort, even while the provider ignores its signal', async () => {
    const controller = new AbortController();
    const provider = scripted([{ deltas: ['one'], hang: true }]);
    const pending = run(guardedStream(provider.open, policy({ idleTimeoutMs: 60_000 }), 'Fake', controller.signal));

    setTimeout(() => controller.abort(), 20);
    const result = await pending;

    expect(result.deltas).toEqual(['one']);
    expect(result.error?.code).toBe(AiErrorCode.Cancelled);
  });

  it('does not call the provider at all when already cancelled, and cancels a backoff wait', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const untouched = scripted([{ deltas: ['never'] }]);
    expect((await run(guardedStream(untouched.open, policy(), 'Fake', aborted.signal))).error?.code).toBe(AiErrorCode.Cancelled);
    expect(untouched.calls()).toBe(0);

    const controller = new AbortController();
    const failing = scripted([{ deltas: [], fail: retryable }, { deltas: ['never'] }]);
    const pending = run(guardedStream(failing.open, policy({ backoffMs: () => 60_000 }), 'Fake', controller.signal));
    setTimeout(() => controller.abort(), 20);
    expect((await pending).error?.code).toBe(AiErrorCode.Cancelled);
    expect(failing.calls()).toBe(1);
  });
});

describe('guardedCall', () => {
  it('retries retryable failures and returns the first success', async () => {
    let calls = 0;
    const value = await guardedCall(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(new AiProviderError(AiErrorCode.RateLimited, '429', true)) : Promise.resolve('done');
      },
      policy(),
      'Fake',
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('times out one call and hands the provider an aborted signal', async () => {
    const signals: AbortSignal[] = [];
    const error = await guardedCall(
      (signal) => {
        signals.push(signal);
        return new Promise<never>(() => undefined);
      },
      policy({ requestTimeoutMs: 20, maxRetries: 0 }),
      'Fake',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: AiErrorCode.Timeout, retryable: true });
    expect(signals[0]?.aborted).toBe(true);
  });
});
