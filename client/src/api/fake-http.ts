/**
 * What unit specs mock the http module with (`vi.mock('…/api/http', () => import('…/api/fake-http'))`):
 * the real one reads the stored session at import, which needs a browser, and only its error type
 * matters to the code they test. Import ApiError from the mocked http module to get this one.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
