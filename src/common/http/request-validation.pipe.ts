import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/**
 * DTO validation for every route: unknown fields are refused, values are converted, and every
 * failure is VALIDATION_FAILED with a message that names the field. A body that is not a JSON
 * object (an array, a string, `null`) is refused as a whole instead of being validated
 * element-wise, which used to answer "0: property 0 should not exist".
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new AppException(ErrorCode.ValidationFailed, describeValidation(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined && !isJsonObject(value)) {
      throw new AppException(ErrorCode.ValidationFailed, 'The request body must be a JSON object.');
    }
    return super.transform(value, metadata);
  }
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValidation(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((message) =>
        message.startsWith('property ') ? `${path}: ${message}` : message,
      );
      return error.children?.length ? [...own, describeValidation(error.children, path)] : own;
    })
    .join('; ');
}
