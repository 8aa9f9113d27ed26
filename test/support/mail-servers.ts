import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './processes';
import { waitFor } from './wait-for';

/** One mail the SMTP sink accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** An SMTP server on a free loopback port that keeps whatever it is sent; recipients starting with `refuse` get a 550. */
export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** Waits until a mail matches and returns it. */
  waitForMail(matches: (mail: ReceivedMail) => boolean, what?: string): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'anyone' }),
    onRcptTo: (address, _session, callback) => {
      if (address.address.startsWith('refuse')) {
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
            received.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('the SMTP sink did not bind a TCP port');
  return {
    port: address.port,
    received,
    waitForMail: (matches, what = 'a mail') => waitFor(() => received.find(matches), { timeoutMs: 45_000, what: `${what} at the SMTP sink` }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MailOptions {
  from?: string;
  to: string;
  subject?: string;
  messageId: string;
  body: string;
  headers?: string[];
}

/** A plain-text mail as a mail server stores it (CRLF lines), for `Dovecot.deliver` or a webhook body. */
export function rawMail({ from = 'Ann Example <ann@example.org>', to, subject = 'Hello', messageId, body, headers = [] }: MailOptions): string {
  return [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: ${messageId}`, 'Date: Mon, 1 Dec 2025 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', ...headers, '', body, ''].join('\r\n');
}

/** Matches the mail that answers the one with this Message-ID. */
export const inReplyTo =
  (messageId: string) =>
  (mail: ReceivedMail): boolean =>
    mail.parsed.inReplyTo === messageId;

const DOVECOT = '/usr/sbin/dovecot';

/** A Dovecot IMAP server of the test's own: a temporary directory, a free loopback port, one user per mailbox. */
export interface Dovecot {
  port: number;
  /** Appends a message to the user's INBOX (as a mail server would deliver it). */
  deliver(user: string, raw: string | Buffer): Promise<void>;
  /** The flags of the user's INBOX message with this Message-ID (null when there is none). */
  flagsOf(user: string, messageId: string): Promise<Set<string> | null>;
  /** How many sessions of `user` the app opened so far: logins whose client said it is Switchboard (IMAP ID, in Dovecot's log). */
  appLogins(user: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts Dovecot in the foreground with a configuration written to a temporary directory:
 * plaintext IMAP on 127.0.0.1 only, users from a passwd file (`users`: address → password),
 * maildirs in the directory. Debian's `dovecot-imapd` must be installed (`.ci/run` installs it).
 */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is not installed (${DOVECOT}): apt-get install dovecot-imapd, as .ci/run does`);
  const dir = await mkdtemp(join(tmpdir(), 'sb-dovecot-'));
  // Mail is read and written as the `dovecot` user (Dovecot refuses root): it must reach the maildirs.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'), { mode: 0o777 });
  await chmod(join(dir, 'mail'), 0o777);
  const port = await freePort();
  const log = join(dir, 'dovecot.log');
  await writeFile(join(dir, 'passwd'), Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}::::::\n`).join(''));
  const config = [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${log}`,
    `info_log_path = ${log}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'first_valid_uid = 1',
    // Logs each client's IMAP ID name, which tells the app's sessions from this harness's.
    'imap_id_log = name',
    `mail_location = maildir:${dir}/mail/%u`,
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
    `userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=${dir}/mail/%u\n}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
  ].join('\n');
  await writeFile(join(dir, 'dovecot.conf'), `${config}\n`);
  const dovecot = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  dovecot.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitFor(() => (dovecot.exitCode === null ? greets(port) : Promise.reject(new Error(`dovecot exited: ${stderr}`))), { timeoutMs: 20_000, what: 'Dovecot to accept connections' });
  } catch (error) {
    await stop(dovecot);
    throw error;
  }

  const session = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: users[user] ?? '' }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  return {
    port,
    deliver: async (user, raw) => {
      await session(user, async (client) => {
        await client.append('INBOX', raw);
      });
    },
    flagsOf: async (user, messageId) =>
       session(user, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        for await (const message of client.fetch('1:*', { flags: true, envelope: true })) {
          if (message.envelope?.messageId === messageId) return message.flags ?? new Set<string>();
        }
        return null;
      }),
    appLogins: async (user) => {
      const text = existsSync(log) ? await readFile(log, 'utf8') : '';
      return text.split('\n').filter((line) => line.includes(`imap(${user})`) && line.includes('ID sent: name=Switchboard')).length;
    },
    close: async () => {
      await stop(dovecot);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** True once something on the port answers with an IMAP greeting. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
