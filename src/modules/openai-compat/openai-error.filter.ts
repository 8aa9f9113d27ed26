import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { toErrorResponse, type ErrorResponse } from '../../common/errors/error-response';

/** OpenAI's error body: what its SDKs read into `APIError` (`error.code`, `error.param`, `error.type`). */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * An error of the OpenAI-compatible API that names what OpenAI's own would: the request field at
 * fault (`param`) and, where OpenAI has one, its error code (`model_not_found`). Status and message
 * come from the platform's code, as for every AppException.
 */
export class OpenAiRequestError extends AppException {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: { param?: string; openAiCode?: string } = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, headers);
  }
}

/** Platform codes that OpenAI's clients know under a name of their own. */
const OPENAI_CODES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.Unauthenticated]: 'invalid_api_key',
  [ErrorCode.TokenInvalid]: 'invalid_api_key',
  [ErrorCode.TokenExpired]: 'invalid_api_key',
  [ErrorCode.RateLimited]: 'rate_limit_exceeded',
};

function typeFor(status: number): string {
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  // OpenAI answers a missing or wrong key (401) with this type too.
  return 'invalid_request_error';
}

/** The body OpenAI would send for `error`; platform codes without an OpenAI name go lower-cased (`insufficient_scope`). */
export function openAiErrorBody(error: ErrorResponse, details: OpenAiRequestError['details'] = {}): OpenAiErrorBody {
  return {
    error: {
      message: error.message,
      type: typeFor(error.status),
      param: details.param ?? null,
      code: details.openAiCode ?? OPENAI_CODES[error.code] ?? error.code.toLowerCase(),
    },
  };
}

/**
 * Writes the errors of the OpenAI-compatible routes in OpenAI's shape, with the statuses and
 * headers (`Retry-After`) the platform's error would have: scoped to that controller, so it also
 * answers for the global guards (a missing key, a missing scope, a spent budget) there, and no
 * other route changes shape. Mirrors AllExceptionsFilter, which it replaces on these routes.
 */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toErrorResponse(exception);
    if (error.unexpected) this.logger.error(exception);
    // A streamed answer has its headers out already; it ends with an error chunk instead.
    if (reply.sent) return;
    const details = exception instanceof OpenAiRequestError ? exception.details : {};
    void reply.status(error.status).headers(error.headers).send(openAiErrorBody(error, details));
  }
}
