import { ApiError } from '../api/http';

/**
 * Human text for any error a request can end with. Backend messages are shown only for
 * VALIDATION_FAILED, where they name the field to fix, and WEAK_PASSWORD, where they say what
 * makes the password guessable ("Choose a stronger password: …").
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'Email or password is incorrect';
    case 'EMAIL_TAKEN':
      return 'An account with this email already exists';
    case 'VALIDATION_FAILED':
    case 'WEAK_PASSWORD':
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
    case 'MEMORY_EXISTS':
      return 'You already have a memory with this category and name. Edit that one instead.';
    case 'PROMPT_TOPIC_TAKEN':
      return 'A task prompt with this topic already exists. Choose another topic.';
    case 'MODEL_NOT_AVAILABLE':
      return "That model isn't available. Choose another one.";
    case 'PAYLOAD_TOO_LARGE':
      return 'That is too large to send.';
    case 'NETWORK_ERROR':
      return "Can't reach Switchboard. Check your connection and try again.";
    case 'SERVICE_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
      return 'Switchboard is temporarily unavailable. Please try again shortly.';
    case 'INTERNAL':
      return 'Something went wrong on our side. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}

/**
 * Human text for an answer that ended with an error event (or could not be sent). The server's
 * own message is never shown: it may name internals.
 */
export function answerErrorMessage(code: string): string {
  switch (code) {
    case 'NO_MODEL_FOR_CAPABILITY':
      return 'No AI model is set up for this kind of request. An admin can choose one under Settings → Models.';
    case 'MODEL_NOT_AVAILABLE':
      return "The model you picked isn't available any more. Choose another model and try again.";
    case 'PROVIDER_TIMEOUT':
      return 'The AI model took too long to answer.';
    case 'PROVIDER_RATE_LIMITED':
      return 'The AI provider is receiving too many requests right now. Wait a moment, then try again.';
    case 'PROVIDER_UNAVAILABLE':
      return "The AI provider can't be reached right now.";
    case 'PROVIDER_BAD_RESPONSE':
      return 'The AI provider sent an answer Switchboard could not read.';
    case 'PROVIDER_AUTH':
      return 'The AI provider refused our credentials. An admin needs to check the provider settings.';
    case 'CAPABILITY_UNSUPPORTED':
      return "The chosen model can't do this kind of task.";
    case 'CANCELLED':
      return 'The answer was cancelled.';
    case 'STREAM_INTERRUPTED':
      return 'The connection to the answer was lost.';
    case 'NETWORK_ERROR':
      return "Can't reach Switchboard. Check your connection and try again.";
    case 'RATE_LIMITED':
      return "You're sending messages too quickly. Wait a moment, then try again.";
    case 'VALIDATION_FAILED':
    case 'BAD_REQUEST':
      return "This message can't be sent as it is. It may be too long.";
    case 'NOT_FOUND':
      return 'This chat no longer exists. It may have been deleted.';
    case 'FORBIDDEN':
    case 'INSUFFICIENT_SCOPE':
      return "You don't have permission to do that.";
    case 'NOT_LATEST_TURN':
      return 'Only the latest question and its current answer can be redone. Reload the chat to see what changed.';
    case 'ANSWER_IN_PROGRESS':
      return 'An answer is still being written in this chat. Wait for it or stop it, then try again.';
    case 'NOTHING_TO_CONTINUE':
      return 'This answer is already complete: there is nothing to continue.';
    case 'UNAUTHENTICATED':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_INVALID':
      return 'Your session has ended. Please log in again.';
    case 'SERVICE_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
      return 'Switchboard is temporarily unavailable. Please try again shortly.';
    default:
      return 'Something went wrong while writing the answer.';
  }
}
