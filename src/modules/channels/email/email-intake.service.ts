import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import type { ChannelAccount } from '../channel-accounts.service';
import { ChannelInbox } from '../channel-inbox.service';
import { automatedReason } from './automated-mail';
import { inboundFromMail, type IncomingMail } from './incoming-mail';
import { platformSender } from './mailbox-settings';

/** Attachments one mail brings in at most: as many as one message may reference. */
const MAX_ATTACHMENTS = 10;

export type IntakeOutcome = { status: 'accepted'; chatId: string | null } | { status: 'duplicate' } | { status: 'skipped'; reason: string };

/**
 * Where mail from the webhook and from IMAP meet: automatic mail (auto-replies, bounces, lists,
 * our own) is logged and left unanswered; anything else goes to the channel inbox, which takes
 * each Message-ID in once. Throws when the inbox could not take it in (the caller retries).
 */
@Injectable()
export class EmailIntake {
  private readonly logger = new Logger(EmailIntake.name);

  constructor(
    private readonly inbox: ChannelInbox,
    private readonly config: AppConfig,
  ) {}

  async take(mail: IncomingMail, account: ChannelAccount): Promise<IntakeOutcome> {
    const platform = platformSender(this.config.smtp);
    const reason = automatedReason({ headers: mail.headers, from: mail.from.address, ownAddresses: [account.address, ...(platform ? [platform.address] : [])] });
    if (reason) {
      this.logger.log(`Mail ${mail.messageId} to ${account.address} is not answered: ${reason}`);
      return { status: 'skipped', reason };
    }
    const limits = { maxAttachmentBytes: this.config.email.maxAttachmentBytes, maxAttachments: MAX_ATTACHMENTS };
    const received = await this.inbox.receive(inboundFromMail(mail, account, limits, new Date()));
    return received.duplicate ? { status: 'duplicate' } : { status: 'accepted', chatId: received.chatId };
  }
}
