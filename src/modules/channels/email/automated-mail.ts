/**
 * Mail no person wrote: out-of-office replies, bounces, read receipts, mailing lists. Answering
 * them would at best be noise and at worst a loop between two robots (RFC 3834), so they are
 * taken in nowhere and answered never; the caller logs the reason.
 */

/** Precedence values that mean "not a person writing to you". */
const AUTOMATED_PRECEDENCE = new Set(['bulk', 'junk', 'auto_reply', 'list']);
/** Local parts of the addresses bounces and delivery reports come from. */
const SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster']);

export interface MailEnvelope {
  /** Header values by lower-case name (the first occurrence), unfolded. */
  headers: ReadonlyMap<string, string>;
  /** The sender's address. */
  from: string;
  /** Our own addresses (the mailbox written to, the platform's From): mail from them is our own, come back. */
  ownAddresses: readonly string[];
}

/** Why this mail must not be answered, or null for a person's mail. */
export function automatedReason({ headers, from, ownAddresses }: MailEnvelope): string | null {
  const header = (name: string): string | undefined => headers.get(name)?.trim().toLowerCase();

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  if (headers.has('x-autoreply')) return 'X-Autoreply';
  if (headers.has('x-autorespond')) return 'X-Autorespond';
  const precedence = header('precedence');
  if (precedence !== undefined && AUTOMATED_PRECEDENCE.has(precedence)) return `Precedence: ${precedence}`;
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return 'mailing list (List-Id / List-Unsubscribe)';
  if (header('return-path')?.replace(/\s/g, '') === '<>') return 'bounce (empty Return-Path)';
  const contentType = header('content-type');
  if (contentType?.startsWith('multipart/report')) return 'delivery or read report (multipart/report)';

  const sender = from.trim().toLowerCase();
  const at = sender.lastIndexOf('@');
  const localPart = at < 0 ? sender : sender.slice(0, at);
  if (SYSTEM_SENDERS.has(localPart)) return `system sender ${sender}`;
  if (ownAddresses.some((own) => own.trim().toLowerCase() === sender)) return 'sent from our own address (a loop)';
  return null;
}

/**
 * Raw header lines ("Name: value", folded lines continuing with whitespace) as a map of the
 * first value of each lower-case name, unfolded. Bounded: headers past the first `maxLines` are
 * ignored (no legitimate mail has that many).
 */
export function headerMap(lines: ReadonlyArray<{ key: string; line: string }>, maxLines = 500): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of lines.slice(0, maxLines)) {
    const name = key.toLowerCase();
    if (headers.has(name)) continue;
    const colon = line.indexOf(':');
    headers.set(name, unfold(colon < 0 ? '' : line.slice(colon + 1)));
  }
  return headers;
}

/** Header values from a JSON webhook body, by lower-case name. */
export function headerMapOf(record: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(record).map(([name, value]) => [name.toLowerCase(), unfold(value)]));
}

function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, ' ').trim();
}
