import { Logger, type ArgumentsHost } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { OpenAiErrorFilter, OpenAiRequestError } from './openai-error.filter';

interface Written {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Runs the filter on `exception` with a reply that records what is written (`sent`: a stream already under way). */
function filtered(exception: unknown, sent = false): Written {
  const written: Written = {};
  const reply = {
    sent,
    status(code: number) {
      written.status = code;
      return this;
    },
    headers(headers: Record<string, string>) {
      written.headers = headers;
      return this;
    },
    send(body: unknown) {
      written.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({}) }) } as unknown as ArgumentsHost;
  new OpenAiErrorFilter().catch(exception, host);
  return written;
}

describe('OpenAiErrorFilter', () => {
  it('answers a failed key the way OpenAI does: 401 invalid_api_key', () => {
    for (const code of [ErrorCode.Unauthenticated, ErrorCode.TokenInvalid, ErrorCode.TokenExpired]) {
      expect(filtered(new AppException(code, 'The API key is not valid.'))).toEqual({
        status: 401,
        headers: {},
        body: { error: { message: 'The API key is not valid.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
      });
    }
  });

  it('keeps the status and headers of platform errors, under their code in lower case', () => {
    expect(filtered(new AppException(ErrorCode.InsufficientScope, 'This API key lacks the "chat" scope.'))).toMatchObject({
      status: 403,
      body: { error: { type: 'permission_error', code: 'insufficient_scope' } },
    });
    expect(filtered(new AppException(ErrorCode.TooManyGenerations, 'Too many answers at once.', { 'Retry-After': '5' }))).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '5' },
      body: { error: { type: 'rate_limit_error', code: 'too_many_generations' } },
    });
    expect(filtered(new AppException(ErrorCode.RateLimited, 'Slow down.'))).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded' } } });
    expect(filtered(new AppException(ErrorCode.ValidationFailed, 'messages must be an array'))).toMatchObject({
      status: 400,
      body: { error: { message: 'messages must be an array', type: 'invalid_request_error', param: null, code: 'validation_failed' } },
    });
  });

  it('names the field and OpenAI code of its own errors', () => {
    const error = new OpenAiRequestError(ErrorCode.NotFound, 'No such model.', { param: 'model', openAiCode: 'model_not_found' });
    expect(filtered(error)).toMatchObject({ status: 404, body: { error: { type: 'invalid_request_error', param: 'model', code: 'model_not_found' } } });
  });

  it('hides what an unexpected error says from the client, and logs it', () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = new Error('connect ECONNREFUSED 10.0.0.5:3306');

    const written = filtered(error);

    expect(written).toMatchObject({ status: 500, body: { error: { type: 'server_error', code: 'internal' } } });
    expect(JSON.stringify(written.body)).not.toContain('ECONNREFUSED');
    expect(logged).toHaveBeenCalledWith(error);
    logged.mockRestore();
  });

  it('writes nothing once a streamed answer is under way', () => {
    expect(filtered(new AppException(ErrorCode.Internal, 'late'), true)).toEqual({});
  });
});
