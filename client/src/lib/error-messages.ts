import { ApiError } from '../api/http';

/**
 * Human text for any error a request can end with. Backend messages are shown only for
 * VALIDATION_FAILED, where they name the field to fix.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'Email or password is incorrect';
    case 'EMAIL_TAKEN':
      return 'An account with this email already exists';
    case 'VALIDATION_FAILED':
      return error.message;
    case 'RATE_LIMITED':
      return error.retryAfterS === null
        ? 'Too many attempts, try again in a moment'
        : `Too many attempts, try again in ${error.retryAfterS} s`;
    case 'UNAUTHENTICATED':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_INVALID':
      return 'Your session has ended. Please log in again.';
    case 'FORBIDDEN':
    case 'INSUFFICIENT_SCOPE':
      return "You don't have permission to do that.";
    case 'NOT_FOUND':
      return 'That no longer exists. It may have been removed.';
    case 'CONFLICT':
      return 'That conflicts with something that already exists.';
    case 'PAYLOAD_TOO_LARGE':
      return 'That is too large to send.';
    case 'NETWORK_ERROR':
      return "Can't reach Switchboard. Check your connection and try again.";
    case 'SERVICE_UNAVAILABLE':
      return 'Switchboard is temporarily unavailable. Please try again shortly.';
    case 'INTERNAL':
      return 'Something went wrong on our side. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}
