import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { UsersService } from '../../users/users.service';
import { ChannelAccountsService } from '../channel-accounts.service';
import { failureText } from './failure-text';
import { platformSender, smtpSettingsOf, type MailboxConfig, type SmtpSettings } from './mailbox-settings';
import { composeResult, type MailAttachment } from './outbound-mail';
import { SmtpMailer } from './smtp-mailer';

/** Why a result could not be mailed, with a stable code for the step's failure. */
export class ResultNotMailedError extends Error {
  constructor(
    readonly code: 'EMAIL_NOT_CONFIGURED' | 'NO_ADDRESS' | 'SEND_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ResultNotMailedError';
  }
}

export interface ResultMail {
  /** Unique per result (the message and step it came from): the mail's own Message-ID, stable on a retry. */
  id: string;
  subject: string;
  markdown: string;
  attachments: readonly MailAttachment[];
}

/**
 * Mails a result to a user's own account address (the email_me step). The recipient is always
 * the address the account was registered with, never one named in a message, so a prompt cannot
 * turn the platform into a mailer to strangers. It goes out through the user's own mailbox when
 * one of theirs has an SMTP server, else through the platform's (SMTP_*).
 */
@Injectable()
export class ResultMailer {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: ChannelAccountsService,
    private readonly mailer: SmtpMailer,
    private readonly config: AppConfig,
  ) {}

  /** Resolves with the address it was sent to. */
  async sendToUser(userId: string, mail: ResultMail): Promise<string> {
    const user = await this.users.findById(userId);
    if (!user?.email) throw new ResultNotMailedError('NO_ADDRESS', 'Your account has no e-mail address to send to.');
    const route = await this.routeFor(userId);
    if (!route) throw new ResultNotMailedError('EMAIL_NOT_CONFIGURED', 'Sending e-mail is not set up here: the platform has no SMTP server (SMTP_HOST), and none of your mailboxes has one.');
    try {
      await this.mailer.send(route.settings, composeResult({ messageId: mail.id, from: route.from, to: user.email, subject: mail.subject, markdown: mail.markdown, attachments: mail.attachments }));
    } catch (error) {
      throw new ResultNotMailedError('SEND_FAILED', `The mail server did not take the mail: ${failureText(error)}`);
    }
    return user.email;
  }

  /** The user's first active mailbox with an SMTP server of its own, else the platform's sender and server. */
  private async routeFor(userId: string): Promise<{ from: { name: string; address: string }; settings: SmtpSettings } | null> {
    const own = (await this.accounts.listOwned(userId, 'email')).find((account) => account.active && (account.config as MailboxConfig).smtpHost);
    const ownSettings = own ? smtpSettingsOf(own, this.config.smtp) : null;
    if (own && ownSettings) return { from: { name: own.name, address: own.address }, settings: ownSettings };
    const sender = platformSender(this.config.smtp);
    const settings = smtpSettingsOf(null, this.config.smtp);
    return sender && settings ? { from: sender, settings } : null;
  }
}
