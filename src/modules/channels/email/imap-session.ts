import { ImapFlow, type ImapFlowOptions, type MailboxObject } from 'imapflow';
import type { ImapSettings } from './mailbox-settings';

/** Where reading a mailbox stands: the last UID handed over, valid while UIDVALIDITY stays the same. */
export interface UidCursor {
  uidValidity: string;
  lastUid: number;
}

export interface CursorStore {
  get(): Promise<UidCursor | null>;
  set(cursor: UidCursor): Promise<void>;
}

export interface ImapSessionOptions {
  settings: ImapSettings;
  cursor: CursorStore;
  /**
   * Takes one message in (its MIME source): `done` once it is taken in or deliberately left
   * unanswered, `later` when it cannot be taken in yet (its sender's previous mail is still being
   * answered) and is read again after the poll interval. Throws when that failed (the session
   * ends and is started again).
   */
  take(source: Buffer, uid: number): Promise<'done' | 'later'>;
  /** Called for a message larger than `maxMessageBytes`, which is marked read and never fetched. */
  tooLarge(uid: number, size: number): void;
  maxMessageBytes: number;
  /** How often a server without IDLE is asked for new mail. */
  pollIntervalMs: number;
  /** Called once logged in (with whether the server offers IDLE), for logs. */
  onConnected?(idle: boolean): void;
}

/** With IDLE the server announces new mail; the mailbox is still read this often in case an announcement was missed (RFC 2177: re-issue IDLE within 29 minutes). */
const IDLE_REFRESH_MS = 5 * 60_000;
const CONNECTION_TIMEOUT_MS = 30_000;
const SEEN = '\\Seen';
/** Sent with IMAP ID, so mail server logs say which sessions are ours. */
const CLIENT_INFO = { name: 'Switchboard' };

/**
 * One connection to one mailbox, until `signal` aborts or the connection fails (it throws then;
 * the caller reconnects). Reads the INBOX's new messages in UID order, hands each to `take`,
 * flags it \Seen and moves the persisted cursor past it; then waits for the server to announce
 * more (IDLE) or, without IDLE, for the poll interval. The first time (or after the server
 * renumbered the mailbox) "new" means unread; after that, every UID above the cursor, so mail a
 * person opened in their own client meanwhile is still answered. Handing over, flagging and
 * moving the cursor happen in that order: a crash in between reads the message again, and the
 * channel inbox takes each Message-ID in once.
 */
export async function runImapSession(options: ImapSessionOptions, signal: AbortSignal): Promise<void> {
  const { settings } = options;
  const client = imapClient(settings, {
    // IDLE is started here, only while waiting: auto-IDLE would begin only after 15 s of quiet.
    disableAutoIdle: true,
    maxLiteralSize: options.maxMessageBytes + 64 * 1024,
  });
  const abort = (): void => client.close();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen('INBOX');
    const idle = client.capabilities.has('IDLE');
    options.onConnected?.(idle);
    // New mail the server announces while a round is being read (between commands, not only in
    // IDLE) must not wait for the next refresh: the round after it starts at once.
    const news = { announced: false };
    client.on('exists', () => (news.announced = true));
    while (!signal.aborted) {
      news.announced = false;
      const waiting = await readNewMessages(client, mailbox, options);
      // Mail left for later is not announced again: it is read again after the poll interval.
      if (!news.announced || waiting > 0) await waitForNews(client, idle && waiting === 0 ? IDLE_REFRESH_MS : options.pollIntervalMs, idle, signal);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', abort);
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

/** Hands over the new messages in UID order; returns how many are left for later. */
async function readNewMessages(client: ImapFlow, mailbox: MailboxObject, options: ImapSessionOptions): Promise<number> {
  const uidValidity = String(mailbox.uidValidity);
  const stored = await options.cursor.get();
  const cursor = stored?.uidValidity === uidValidity ? stored : null;
  // `n:*` always includes the newest message, even below n: only UIDs above the cursor are new.
  const found = cursor ? await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true }) : await client.search({ seen: false }, { uid: true });
  const uids = (found || []).filter((uid) => uid > (cursor?.lastUid ?? 0)).sort((a, b) => a - b);
  // Starting out, the cursor begins below the first UID the mailbox had not given out when it was opened.
  let lastUid = cursor?.lastUid ?? Math.max(0, mailbox.uidNext - 1);
  if (!cursor && uids.length === 0) await options.cursor.set({ uidValidity, lastUid });
  for (const [index, uid] of uids.entries()) {
    const range = String(uid);
    const meta = await client.fetchOne(range, { uid: true, size: true }, { uid: true });
    if (meta) {
      const size = meta.size ?? 0;
      if (size > options.maxMessageBytes) options.tooLarge(uid, size);
      else {
        const message = await client.fetchOne(range, { uid: true, source: true }, { uid: true });
        // The cursor stays below it, so this message and the ones after it are read again.
        if (message && message.source && (await options.take(message.source, uid)) === 'later') return uids.length - index;
      }
      await client.messageFlagsAdd(range, [SEEN], { uid: true });
    }
    lastUid = Math.max(lastUid, uid);
    await options.cursor.set({ uidValidity, lastUid });
  }
  return 0;
}

/** Until the server announces a change (IDLE), `waitMs` passes, or the session is stopped. */
async function waitForNews(client: ImapFlow, waitMs: number, idle: boolean, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const timer = setTimeout(wake, waitMs);
  const onClose = (): void => wake();
  client.on('exists', wake);
  client.on('close', onClose);
  signal.addEventListener('abort', wake, { once: true });
  // Not awaited: the next command (the search that follows) ends the IDLE, and a failed IDLE closes the connection, which wakes this.
  if (idle) void client.idle().catch(() => undefined);
  try {
    await woken;
  } finally {
    clearTimeout(timer);
    client.off('exists', wake);
    client.off('close', onClose);
    signal.removeEventListener('abort', wake);
  }
  if (!client.usable && !signal.aborted) throw new Error('The IMAP connection was closed.');
}

/** Logs in and out once (the settings page's test); throws with the server's reason when that fails. */
export async function checkImapLogin(settings: ImapSettings): Promise<void> {
  const client = imapClient(settings, { verifyOnly: true });
  await client.connect();
}

/** A client for the mailbox's server, with this module's identity and time limits. */
function imapClient(settings: ImapSettings, options: Pick<ImapFlowOptions, 'disableAutoIdle' | 'maxLiteralSize' | 'verifyOnly'>): ImapFlow {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    clientInfo: CLIENT_INFO,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    ...options,
  });
  // An 'error' event without a listener would crash the process; the failure also surfaces from the call that was waiting.
  client.on('error', () => undefined);
  return client;
}
