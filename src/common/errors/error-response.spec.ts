import { BadRequestException, HttpException, HttpStatus, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppException } from './app.exception';
import { ErrorCode } from './error-code';
import { toErrorResponse } from './error-response';

/** What Nest's Fastify adapter hands the filter for a body Fastify itself refused. */
function wrappedFastifyError(code: string, statusCode: number, message: string): HttpException {
  return new HttpException(message, statusCode, { cause: Object.assign(new Error(message), { code, statusCode }) });
}

describe('toErrorResponse', () => {
  it('keeps the code, status, message and headers of an AppException', () => {
    const response = toErrorResponse(new AppException(ErrorCode.RateLimited, 'Slow down.', { 'Retry-After': '7' }));

    expect(response).toEqual({
      status: 429,
      code: ErrorCode.RateLimited,
      message: 'Slow down.',
      headers: { 'Retry-After': '7' },
      unexpected: false,
    });
  });

  it('maps a Nest NotFoundException to NOT_FOUND with its message', () => {
    const response = toErrorResponse(new NotFoundException('Cannot GET /api/nope'));

    expect(response).toMatchObject({ status: 404, code: ErrorCode.NotFound, message: 'Cannot GET /api/nope', unexpected: false });
  });

  it('joins the messages of a validation BadRequestException', () => {
    const response = toErrorResponse(new BadRequestException(['name must be a string', 'scopes must be an array']));

    expect(response).toMatchObject({
      status: 400,
      code: ErrorCode.BadRequest,
      message: 'name must be a string; scopes must be an array',
    });
  });

  it('maps a wrapped invalid-JSON Fastify error to MALFORMED_JSON', () => {
    const response = toErrorResponse(
      wrappedFastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400, "Body is not valid JSON but content-type is set to 'application/json'"),
    );

    expect(response).toMatchObject({ status: 400, code: ErrorCode.MalformedJson, unexpected: false });
  });

  it('maps a wrapped body-too-large Fastify error to PAYLOAD_TOO_LARGE', () => {
    const response = toErrorResponse(wrappedFastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large'));

    expect(response).toMatchObject({ status: 413, code: ErrorCode.PayloadTooLarge, unexpected: false });
  });

  it('maps an unwrapped Fastify error too', () => {
    const error = Object.assign(new Error('Unsupported Media Type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });

    expect(toErrorResponse(error)).toMatchObject({ status: 415, code: ErrorCode.UnsupportedMediaType });
  });

  it.each([
    ['an Error', new Error('connect ECONNREFUSED 10.0.0.5:3306 password=hunter2')],
    ['a string', 'connect ECONNREFUSED 10.0.0.5:3306 password=hunter2'],
  ])('turns %s into a 500 INTERNAL that hides the original text', (_, thrown) => {
    const response = toErrorResponse(thrown);

    expect(response.status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(response.code).toBe(ErrorCode.Internal);
    expect(response.unexpected).toBe(true);
    expect(response.message).not.toContain('ECONNREFUSED');
    expect(response.message).not.toContain('hunter2');
  });

  it('hides the text of a 5xx HttpException from clients', () => {
    const response = toErrorResponse(new InternalServerErrorException('db at 10.0.0.5 password=x failed'));
    expect(response).toMatchObject({ status: 500, code: 'INTERNAL', unexpected: true });
    expect(response.message).not.toContain('10.0.0.5');
  });

  it('answers 503 DATABASE_UNAVAILABLE, to try again, when MariaDB cannot be reached, without its text', () => {
    // mysql2 marks every error that kills a connection `fatal`; TypeORM carries it as driverError.
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306'), { code: 'ECONNREFUSED', fatal: true });
    const lost = Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }) });

    for (const thrown of [refused, lost]) {
      const response = toErrorResponse(thrown);
      expect(response).toMatchObject({ status: 503, code: ErrorCode.DatabaseUnavailable, headers: { 'retry-after': '2' }, unexpected: false });
      expect(response.message).not.toContain('10.0.0.5');
    }
  });

  it('keeps a query the database refused a 500: the database is there, the query is wrong', () => {
    const syntax = Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('You have an error in your SQL syntax'), { code: 'ER_PARSE_ERROR', fatal: false }) });

    expect(toErrorResponse(syntax)).toMatchObject({ status: 500, code: ErrorCode.Internal });
  });

  it('answers 503 SERVICE_UNAVAILABLE when Redis stayed unreachable through a command\'s reconnection attempts', () => {
    const gaveUp = Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' });

    expect(toErrorResponse(gaveUp)).toMatchObject({ status: 503, code: ErrorCode.ServiceUnavailable, unexpected: false });
    expect(toErrorResponse(new Error('Connection is closed.'))).toMatchObject({ status: 503, code: ErrorCode.ServiceUnavailable });
  });
});
