/** True when MariaDB rejected a write because of a unique key (ER_DUP_ENTRY, errno 1062). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: number } } | null)?.driverError;
  return driverError?.errno === 1062 || (error as { errno?: number } | null)?.errno === 1062;
}

/** Server errors meaning MariaDB takes no queries now (too many connections, shutting down). */
const SERVER_UNAVAILABLE_CODES: ReadonlySet<string> = new Set(['ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN']);

interface DriverErrorLike {
  code?: unknown;
  fatal?: unknown;
  driverError?: unknown;
}

/**
 * True when an error (mysql2's, or TypeORM's carrying it in `driverError`) means the database is
 * unreachable rather than the query wrong: requests then answer 503 DATABASE_UNAVAILABLE, and the
 * pool opens fresh connections once MariaDB is back. mysql2 marks `fatal` every error after which
 * a connection is dead: refused or reset sockets, timeouts, a lost connection, a command on a
 * connection that has just died.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  const thrown = error as DriverErrorLike | null | undefined;
  return meansUnreachable(thrown) || meansUnreachable(thrown?.driverError as DriverErrorLike | null | undefined);
}

function meansUnreachable(error: DriverErrorLike | null | undefined): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return error.fatal === true || (typeof error.code === 'string' && SERVER_UNAVAILABLE_CODES.has(error.code));
}
