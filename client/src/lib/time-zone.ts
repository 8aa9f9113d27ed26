/**
 * The browser's IANA time zone ("Europe/Berlin"), sent with each message (`timeZone`, docs/api.md)
 * so that a calendar event whose request names no zone is made in the sender's own time.
 */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
