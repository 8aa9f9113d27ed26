/**
 * The browser's IANA time zone ("Europe/Berlin"), sent with each message (`timeZone`, docs/api.md)
 * so that a calendar event whose request names no zone is made in the sender's own time. None when
 * the browser does not know it: Chromium then reports "Etc/Unknown", which the server would refuse
 * (and with it the message).
 */
export function browserTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  return zone && zone !== 'Etc/Unknown' ? zone : undefined;
}
