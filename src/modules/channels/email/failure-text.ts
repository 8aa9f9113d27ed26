/**
 * What went wrong, in the server's words where it gave some: imapflow reports a refused command
 * as "Command failed" and keeps the server's reason ("[AUTHENTICATIONFAILED] …") in `responseText`.
 */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const responseText = (error as { responseText?: unknown }).responseText;
  return typeof responseText === 'string' && responseText.trim() !== '' ? responseText.trim() : error.message;
}
