import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailableError } from '../database-errors';
import { isRedisUnavailableError } from '../redis-errors';
import { AppException } from './app.exception';
import { codeForStatus, ErrorCode } from './error-code';

export interface ErrorResponse {
  status: number;
  code: ErrorCode;
  message: string;
  headers: Readonly<Record<string, string>>;
  /** True when the error is ours to fix (5xx): logged with its stack, message hidden from clients. */
  unexpected: boolean;
}

/** Fastify's own errors carry a `FST_*` code and a status. */
interface FastifyLikeError {
  code: string;
  statusCode: number;
  message: string;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.MalformedJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.MalformedJson,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.BadRequest,
};

function isFastifyError(error: unknown): error is FastifyLikeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as FastifyLikeError).code === 'string' &&
    (error as FastifyLikeError).code.startsWith('FST_') &&
    typeof (error as FastifyLikeError).statusCode === 'number'
  );
}

/** Maps anything thrown while serving a request to the one public error shape. */
export function toErrorResponse(thrown: unknown): ErrorResponse {
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException; map the original.
  const error = thrown instanceof HttpException && isFastifyError(thrown.cause) ? thrown.cause : thrown;
  if (error instanceof AppException) {
    return { status: error.status, code: error.code, message: error.message, headers: error.headers, unexpected: false };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const body = error.getResponse();
    const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : error.message;
    return { status, code: codeForStatus(status), message, headers: {}, unexpected: false };
  }
  if (isFastifyError(error) && error.statusCode < 500) {
    const code = FASTIFY_CODES[error.code] ?? codeForStatus(error.statusCode);
    return { status: error.statusCode, code, message: publicFastifyMessage(code, error), headers: {}, unexpected: false };
  }
  if (isDatabaseUnavailableError(error)) return unavailable(ErrorCode.DatabaseUnavailable, 'The database cannot be reached right now. Please try again shortly.');
  if (isRedisUnavailableError(error)) return unavailable(ErrorCode.ServiceUnavailable, 'Switchboard is temporarily unavailable. Please try again shortly.');
  return {
    status: 500,
    code: ErrorCode.Internal,
    message: 'Something went wrong on our side; the error was logged.',
    headers: {},
    unexpected: true,
  };
}

/** How long a client should wait before trying again while a dependency is down. */
const DEPENDENCY_RETRY_AFTER_S = '2';

/**
 * A dependency is down (an outage or a restart, not our fault in the request): 503 and try again.
 * Not `unexpected`: one outage would log a stack per request, and the health check and the
 * connection warnings already say what is down.
 */
function unavailable(code: ErrorCode, message: string): ErrorResponse {
  return { status: 503, code, message, headers: { 'retry-after': DEPENDENCY_RETRY_AFTER_S }, unexpected: false };
}

function publicFastifyMessage(code: ErrorCode, error: FastifyLikeError): string {
  switch (code) {
    case ErrorCode.MalformedJson:
      return 'The request body is not valid JSON.';
    case ErrorCode.PayloadTooLarge:
      return 'The request body is larger than this endpoint accepts.';
    case ErrorCode.UnsupportedMediaType:
      return 'This content type is not accepted here.';
    default:
      return error.message;
  }
}
