import { ERROR_STATUS, type ErrorCode } from './error-code';

/** The one exception type features throw; the global filter turns it into `{error:{code,message}}`. */
export class AppException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Retry-After` for RATE_LIMITED. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AppException';
    this.status = ERROR_STATUS[code];
  }
}
