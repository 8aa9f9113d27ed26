import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { ChannelAccountsService } from '../channel-accounts.service';
import { ChannelDeliveries } from '../channel-deliveries.service';
import { PermanentDeliveryError, type ChannelAdapter, type OutboundMessage, type SentMessage } from '../channel.types';
import { smtpSettingsOf } from './mailbox-settings';
import { composeReply } from './outbound-mail';
import { SmtpMailer } from './smtp-mailer';

/**
 * Step 5 of the pipeline for e-mail: an answer (or an operator's reply) goes back to whoever
 * wrote, from the mailbox they wrote to, through its SMTP server (or the platform's). Called by
 * the delivery job, which retries what this throws and gives up at once on PermanentDeliveryError.
 */
@Injectable()
export class EmailAdapter implements ChannelAdapter, OnModuleInit {
  readonly channel = 'email';

  constructor(
    private readonly deliveries: ChannelDeliveries,
    private readonly accounts: ChannelAccountsService,
    private readonly mailer: SmtpMailer,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deliveries.registerAdapter(this);
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const reply = message.replyAddress;
    if (reply.channel !== 'email') throw new PermanentDeliveryError(`An e-mail cannot answer a ${reply.channel} message.`, 'WRONG_CHANNEL');
    const account = await this.accounts.get(message.accountId);
    if (!account) throw new PermanentDeliveryError('The mailbox this message came to no longer exists.', 'MAILBOX_GONE');
    if (reply.to.toLowerCase() === reply.from.toLowerCase()) throw new PermanentDeliveryError('The mailbox does not answer itself (a mail loop).', 'MAIL_LOOP');
    const settings = smtpSettingsOf(account, this.config.smtp);
    if (!settings) throw new PermanentDeliveryError(`No SMTP server is set up for ${account.address}, nor SMTP_HOST for the platform.`, 'SMTP_NOT_CONFIGURED');
    const attachments = await Promise.all(message.files.map(async (file) => ({ name: file.name, mime: file.mime, data: await message.readFile(file.id) })));
    const mail = composeReply({ messageId: message.messageId, senderName: account.name, reply, markdown: message.text, attachments });
    await this.mailer.send(settings, mail);
    return { externalIds: [mail.messageId] };
  }
}
