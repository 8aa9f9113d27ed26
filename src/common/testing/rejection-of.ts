import { expect } from 'vitest';
import { AppException } from '../errors/app.exception';
import type { ErrorCode } from '../errors/error-code';

/** The AppException `promise` rejects with (failing the test otherwise), so specs can assert on its code, status and headers. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppException> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    return error as AppException;
  }
  throw new Error('expected the promise to reject');
}

/** The ErrorCode of the AppException `promise` rejects with, for specs that check nothing else. */
export async function codeOf(promise: Promise<unknown>): Promise<ErrorCode> {
  return (await rejectionOf(promise)).code;
}

/** The ErrorCode of the AppException `run` throws (failing the test when it throws anything else, or nothing). */
export function codeThrownBy(run: () => unknown): ErrorCode {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    return (error as AppException).code;
  }
  throw new Error('expected an AppException');
}
