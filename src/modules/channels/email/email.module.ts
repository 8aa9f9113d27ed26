import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { UsersModule } from '../../users/users.module';
import { ChannelAccountsService } from '../channel-accounts.service';
import { ChannelsModule } from '../channels.module';
import { EmailAdapter } from './email.adapter';
import { EmailIntake } from './email-intake.service';
import { EmailWebhookController, MimeBodyParser } from './email-webhook.controller';
import { MailboxPoller } from './mailbox-poller';
import { environmentMailbox } from './mailbox-settings';
import { MailboxesController } from './mailboxes.controller';
import { MailboxesService } from './mailboxes.service';
import { ResultMailer } from './result-mailer';
import { SmtpMailer } from './smtp-mailer';

/**
 * The e-mail channel (docs/channels.md#email): mail comes in by webhook or IMAP, answers go out by
 * SMTP through the channels core. Exports ResultMailer, which mails a user their own results (the
 * email_me step).
 */
@Module({
  imports: [ChannelsModule, UsersModule],
  controllers: [EmailWebhookController, MailboxesController],
  providers: [EmailAdapter, EmailIntake, MimeBodyParser, MailboxPoller, MailboxesService, SmtpMailer, ResultMailer],
  exports: [ResultMailer],
})
export class EmailModule implements OnModuleInit {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly config: AppConfig,
  ) {}

  /** The mailbox SMTP_* and IMAP_* describe, if any, is an account like the others (`env:email`). */
  onModuleInit(): void {
    this.accounts.registerEnvironmentDefault('email', () => environmentMailbox(this.config));
  }
}
