import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAiSdk from 'openai';
import { describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import { toAiProviderError } from './provider-errors';

const headers = (entries: Record<string, string> = {}): Headers => new Headers(entries);

describe('toAiProviderError', () => {
  it.each([
    ['a connection timeout', new OpenAiSdk.APIConnectionTimeoutError(), AiErrorCode.Timeout, true],
    ['a refused connection', new OpenAiSdk.APIConnectionError({ message: 'Connection error.' }), AiErrorCode.Unavailable, true],
    ['429', new OpenAiSdk.RateLimitError(429, { message: 'slow down' }, 'slow down', headers()), AiErrorCode.RateLimited, true],
    ['500', new OpenAiSdk.InternalServerError(500, { message: 'boom' }, 'boom', headers()), AiErrorCode.Unavailable, true],
    ['503', OpenAiSdk.APIError.generate(503, { message: 'busy' }, 'busy', headers()), AiErrorCode.Unavailable, true],
    ['401', new OpenAiSdk.AuthenticationError(401, { message: 'bad key' }, 'bad key', headers()), AiErrorCode.Auth, false],
    ['400', new OpenAiSdk.BadRequestError(400, { message: 'bad' }, 'bad', headers()), AiErrorCode.BadResponse, false],
    ['a server_error event inside the stream', new OpenAiSdk.APIError(undefined, { type: 'server_error', message: 'x' }, 'x', undefined), AiErrorCode.Unavailable, true],
    ['an invalid_request event inside the stream', new OpenAiSdk.APIError(undefined, { type: 'invalid_request_error', message: 'x' }, 'x', undefined), AiErrorCode.BadResponse, false],
    ['a user abort', new OpenAiSdk.APIUserAbortError(), AiErrorCode.Cancelled, false],
  ])('maps OpenAI SDK %s', (_, error, code, retryable) => {
    expect(toAiProviderError(error, 'OpenAI')).toMatchObject({ code, retryable });
  });

  it.each([
    ['429', new AnthropicSdk.RateLimitError(429, { type: 'error', error: { type: 'rate_limit_error' } }, 'slow', headers()), AiErrorCode.RateLimited, true],
    ['529 overloaded', AnthropicSdk.APIError.generate(529, { type: 'error', error: { type: 'overloaded_error' } }, 'overloaded', headers()), AiErrorCode.Unavailable, true],
    ['an overloaded event mid-stream', new AnthropicSdk.APIError(undefined, { type: 'error', error: { type: 'overloaded_error' } }, 'overloaded', undefined), AiErrorCode.Unavailable, true],
    ['403', new AnthropicSdk.PermissionDeniedError(403, {}, 'no', headers()), AiErrorCode.Auth, false],
    ['a timeout', new AnthropicSdk.APIConnectionTimeoutError(), AiErrorCode.Timeout, true],
  ])('maps Anthropic SDK %s', (_, error, code, retryable) => {
    expect(toAiProviderError(error, 'Anthropic')).toMatchObject({ code, retryable });
  });

  it('reads Retry-After (seconds) and retry-after-ms into retryAfterMs', () => {
    const seconds = toAiProviderError(new OpenAiSdk.RateLimitError(429, {}, 'slow', headers({ 'retry-after': '3' })), 'OpenAI');
    const millis = toAiProviderError(new OpenAiSdk.RateLimitError(429, {}, 'slow', headers({ 'retry-after-ms': '250' })), 'OpenAI');
    expect(seconds.retryAfterMs).toBe(3_000);
    expect(millis.retryAfterMs).toBe(250);
  });

  it('treats a socket dropped under fetch as a retryable outage, and unparsable chunks as a bad response', () => {
    const dropped = new TypeError('terminated', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(toAiProviderError(dropped, 'X')).toMatchObject({ code: AiErrorCode.Unavailable, retryable: true });
    expect(toAiProviderError(new SyntaxError('Unexpected end of JSON input'), 'X')).toMatchObject({ code: AiErrorCode.BadResponse, retryable: false });
    expect(toAiProviderError(new Error('something odd'), 'X')).toMatchObject({ code: AiErrorCode.BadResponse, retryable: false });
  });

  it('passes AiProviderError through unchanged', () => {
    const original = new AiProviderError(AiErrorCode.Unsupported, 'no');
    expect(toAiProviderError(original, 'X')).toBe(original);
  });
});
