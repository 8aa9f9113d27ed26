import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';
import { LockService } from '../../../infra/redis/lock.service';
import { RedisClients } from '../../../infra/redis/redis.clients';
import { ChannelAccountsService, type ChannelAccount } from '../channel-accounts.service';
import { EmailIntake } from './email-intake.service';
import { failureText } from './failure-text';
import { runImapSession, type CursorStore, type ImapSessionOptions, type UidCursor } from './imap-session';
import { parseMimeMail, UnreadableMailError } from './incoming-mail';
import { imapSettingsOf, type ImapSettings } from './mailbox-settings';

/**
 * How long a poller's lease on a mailbox lives without renewal: a worker that dies without
 * letting go holds its mailboxes at most this long. Renewed while the session runs.
 */
const LEASE_MS = 30_000;
/** Failing sessions (wrong password, server down) are retried ever more slowly, up to this. */
const MAX_RETRY_MS = 5 * 60_000;

interface Watch {
  /** What the session was started with: a change (new server, new password) restarts it. */
  fingerprint: string;
  stop: AbortController;
  done: Promise<void>;
}

/**
 * Reads every active mailbox that has IMAP settings, on worker nodes (docs/channels.md#email).
 * Every worker watches every mailbox, but a session only runs under the mailbox's cluster-wide
 * lease (LockService), so exactly one node reads a mailbox at a time; the others try again each
 * poll interval and take over when the holder lets go (shutdown) or its lease runs out (it died).
 * The list of mailboxes is read again every poll interval, so new, changed and removed ones are
 * picked up without a restart.
 */
@Injectable()
export class MailboxPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailboxPoller.name);
  private readonly watches = new Map<string, Watch>();
  private readonly sessions = new Set<string>();
  private readonly shutdown = new AbortController();
  private supervision: Promise<void> = Promise.resolve();

  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly locks: LockService,
    private readonly redis: RedisClients,
    private readonly intake: EmailIntake,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'web') return;
    this.supervision = this.supervise();
  }

  /** Stops every session and lets go of its lease while Redis is still connected. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.supervision;
    await Promise.all([...this.watches.values()].map((watch) => watch.done));
  }

  /** The mailboxes (account ids) this node is reading right now. */
  activeSessions(): string[] {
    return [...this.sessions];
  }

  private async supervise(): Promise<void> {
    const signal = this.shutdown.signal;
    while (!signal.aborted) {
      try {
        await this.reconcile();
      } catch (error) {
        this.logger.warn(`Could not list the mailboxes to read: ${failureText(error)}`);
      }
      await sleep(this.config.email.pollIntervalMs, undefined, { signal }).catch(() => undefined);
    }
    for (const watch of this.watches.values()) watch.stop.abort();
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map<string, { account: ChannelAccount; settings: ImapSettings }>();
    for (const account of await this.accounts.listActive('email')) {
      const settings = imapSettingsOf(account);
      if (settings) wanted.set(account.id, { account, settings });
    }
    for (const [id, watch] of this.watches) {
      const next = wanted.get(id);
      if (next && fingerprintOf(next.account, next.settings) === watch.fingerprint) continue;
      watch.stop.abort();
      await watch.done;
      this.watches.delete(id);
    }
    for (const [id, { account, settings }] of wanted) {
      if (this.watches.has(id) || this.shutdown.signal.aborted) continue;
      const stop = new AbortController();
      this.watches.set(id, { fingerprint: fingerprintOf(account, settings), stop, done: this.watch(account, settings, AbortSignal.any([stop.signal, this.shutdown.signal])) });
    }
  }

  /** Runs the mailbox's session whenever this node holds its lease, until stopped. */
  private async watch(account: ChannelAccount, settings: ImapSettings, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let held = false;
      try {
        await this.locks.withLock(
          `email-mailbox:${account.id}`,
          async (lease) => {
            held = true;
            this.sessions.add(account.id);
            try {
              await runImapSession(this.sessionOptions(account, settings), AbortSignal.any([signal, lease]));
            } finally {
              this.sessions.delete(account.id);
            }
          },
          { ttlMs: LEASE_MS, waitMs: 0 },
        );
        failures = 0;
      } catch (error) {
        if (!held && error instanceof AppException && error.code === ErrorCode.Conflict) failures = 0;
        else {
          failures++;
          this.logger.warn(`Reading mailbox ${account.address} failed (${failures} in a row): ${failureText(error)}`);
        }
      }
      const retryMs = Math.min(this.config.email.pollIntervalMs * 2 ** Math.min(failures, 10), MAX_RETRY_MS);
      await sleep(Math.max(retryMs, this.config.email.pollIntervalMs), undefined, { signal }).catch(() => undefined);
    }
  }

  private sessionOptions(account: ChannelAccount, settings: ImapSettings): ImapSessionOptions {
    return {
      settings,
      cursor: this.cursorOf(account.id),
      maxMessageBytes: this.config.email.maxMessageBytes,
      pollIntervalMs: this.config.email.pollIntervalMs,
      onConnected: (idle: boolean) => this.logger.log(`Reading mailbox ${account.address} (${idle ? 'IDLE' : `every ${this.config.email.pollIntervalMs / 1000} s`})`),
      tooLarge: (uid: number, size: number) => this.logger.warn(`Mail ${uid} in ${account.address} is not taken in: ${size} bytes, more than EMAIL_MAX_MESSAGE_BYTES`),
      take: async (source: Buffer, uid: number): Promise<'done' | 'later'> => {
        try {
          await this.intake.take(await parseMimeMail(source), account);
        } catch (error) {
          // The sender's previous mail is still being answered: one answer at a time per person.
          if (error instanceof AppException && error.code === ErrorCode.TooManyGenerations) return 'later';
          if (!(error instanceof UnreadableMailError)) throw error;
          this.logger.warn(`Mail ${uid} in ${account.address} is not taken in: ${error.message}`);
        }
        return 'done';
      },
    };
  }

  /** The mailbox's UID cursor, in Redis: whichever node reads the mailbox next goes on from it. */
  private cursorOf(accountId: string): CursorStore {
    const key = this.redis.key('email', 'imap-cursor', accountId);
    return {
      get: async () => {
        const stored = await this.redis.app.get(key);
        return stored ? (JSON.parse(stored) as UidCursor) : null;
      },
      set: async (cursor) => {
        await this.redis.app.set(key, JSON.stringify(cursor));
      },
    };
  }
}

function fingerprintOf(account: ChannelAccount, settings: ImapSettings): string {
  return JSON.stringify([account.address, settings]);
}
