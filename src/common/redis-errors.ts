/** ioredis' message for a command that was pending or queued when its connection closed. */
const CONNECTION_CLOSED_MESSAGE = 'Connection is closed.';

/**
 * True when ioredis gave up on a command because Redis could not be reached: it waited through
 * its connection's reconnection attempts (MaxRetriesPerRequestError), or the connection closed
 * under it. Requests then answer 503 SERVICE_UNAVAILABLE rather than 500.
 */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || error.message === CONNECTION_CLOSED_MESSAGE;
}
