import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/**
 * A route parameter that must be a UUID. Anything else is VALIDATION_FAILED naming the
 * parameter, like every other validation error (Nest's own pipe answers a bare BAD_REQUEST).
 */
export function UuidParam(name: string): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => new AppException(ErrorCode.ValidationFailed, `${name} must be a UUID.`) }),
  );
}
