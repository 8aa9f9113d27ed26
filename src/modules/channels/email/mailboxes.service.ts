import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { ChannelAccountsService, type ChannelAccountView } from '../channel-accounts.service';
import type { CreateMailboxDto, MailboxTestResultDto, UpdateMailboxDto } from './dto/mailbox.dto';
import { failureText } from './failure-text';
import { checkImapLogin } from './imap-session';
import { imapSettingsOf, smtpSettingsOf } from './mailbox-settings';
import { composeResult } from './outbound-mail';
import { SmtpMailer } from './smtp-mailer';

/** The caller's mailboxes (Settings → Mailboxes): e-mail channel accounts, and a test of their servers. */
@Injectable()
export class MailboxesService {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly mailer: SmtpMailer,
    private readonly config: AppConfig,
  ) {}

  async list(userId: string): Promise<ChannelAccountView[]> {
    return (await this.accounts.listOwned(userId, 'email')).map((account) => this.accounts.view(account));
  }

  async create(userId: string, dto: CreateMailboxDto): Promise<ChannelAccountView> {
    const account = await this.accounts.create(userId, { channel: 'email', address: dto.address, name: dto.name, config: { ...dto.config }, secrets: { ...dto.secrets } });
    return this.accounts.view(account);
  }

  async update(userId: string, id: string, dto: UpdateMailboxDto): Promise<ChannelAccountView> {
    const account = await this.accounts.update(userId, id, {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.config !== undefined ? { config: { ...dto.config } } : {}),
      ...(dto.secrets !== undefined ? { secrets: { ...dto.secrets } } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    });
    return this.accounts.view(account);
  }

  delete(userId: string, id: string): Promise<void> {
    return this.accounts.delete(userId, id);
  }

  /**
   * Sends a test mail from the mailbox to `to` through its SMTP settings (or the platform's), and
   * logs in to its IMAP server when it has one; says in words what worked and what did not.
   */
  async test(userId: string, id: string, to: string): Promise<MailboxTestResultDto> {
    const account = await this.accounts.findOwned(userId, id);
    const smtp = smtpSettingsOf(account, this.config.smtp);
    const imap = imapSettingsOf(account);
    const [sent, read] = await Promise.all([
      smtp
        ? this.mailer
            .send(
              smtp,
              composeResult({
                messageId: randomUUID(),
                from: { name: account.name, address: account.address },
                to,
                subject: 'Switchboard test mail',
                markdown: `This is a test mail from the mailbox **${account.name}** (${account.address}) on Switchboard.\n\nIf you can read it, sending works.`,
                attachments: [],
              }),
            )
            .then(() => ({ ok: true, message: `Sent a test mail to ${to} through ${smtp.host}:${smtp.port}.` }))
            .catch((error: unknown) => ({ ok: false, message: `Could not send through ${smtp.host}:${smtp.port}: ${failureText(error)}` }))
        : { ok: false, message: 'No SMTP server is set up for this mailbox, nor for the platform (SMTP_HOST): answers cannot be sent.' },
      imap
        ? checkImapLogin(imap)
            .then(() => ({ ok: true, message: `Logged in to ${imap.host}:${imap.port} as ${imap.user}.` }))
            .catch((error: unknown) => ({ ok: false, message: `Could not log in to ${imap.host}:${imap.port} as ${imap.user}: ${failureText(error)}` }))
        : null,
    ]);
    return { ok: sent.ok && (read?.ok ?? true), smtp: sent, imap: read };
  }
}
