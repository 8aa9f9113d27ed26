/** True when MariaDB rejected a write because of a unique key (ER_DUP_ENTRY, errno 1062). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: number } } | null)?.driverError;
  return driverError?.errno === 1062 || (error as { errno?: number } | null)?.errno === 1062;
}
