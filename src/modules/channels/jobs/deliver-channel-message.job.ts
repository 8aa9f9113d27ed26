import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { ChatService } from '../../chat/chat.service';
import { FilesService } from '../../files/files.service';
import { ChannelAccountsService } from '../channel-accounts.service';
import { ChannelDeliveries } from '../channel-deliveries.service';
import { ChannelRecordsRepository } from '../channel-records.repository';
import { PermanentDeliveryError } from '../channel.types';
import { externalKeyOf } from '../external-key';

/** What a person on WhatsApp or e-mail gets when their answer failed with nothing written. */
const FAILED_ANSWER_TEXT = 'Sorry, something went wrong while answering your message. Please try again in a moment.';

/**
 * Sends one stored message through its channel's adapter. Idempotent: only a delivery still
 * `queued` is sent, and it is marked `sent` with the channel's ids as soon as the adapter returns.
 * A failure is recorded on the delivery each time (visible in the chat) and retried with backoff;
 * the last attempt, or a failure no retry can fix, leaves it `failed`.
 */
@Injectable()
@HandlesJob(JobName.DeliverChannelMessage)
export class DeliverChannelMessageJob implements JobHandler<JobName.DeliverChannelMessage> {
  private readonly logger = new Logger(DeliverChannelMessageJob.name);

  constructor(
    private readonly records: ChannelRecordsRepository,
    private readonly accounts: ChannelAccountsService,
    private readonly deliveries: ChannelDeliveries,
    private readonly chats: ChatService,
    private readonly files: FilesService,
  ) {}

  async handle({ messageId }: JobPayload<JobName.DeliverChannelMessage>, job: Job<JobPayload<JobName.DeliverChannelMessage>>): Promise<{ sent: boolean }> {
    const outbound = await this.records.findOutbound(messageId);
    if (outbound?.status !== 'queued') return { sent: false };
    try {
      const adapter = this.deliveries.adapterFor(outbound.channel);
      const account = await this.accounts.get(outbound.accountId);
      if (!adapter || !account) throw new PermanentDeliveryError(`The ${outbound.channel} account this conversation came in on is not set up any more.`, 'CHANNEL_ACCOUNT_GONE');
      const message = await this.chats.getMessage(account.ownerUserId, messageId);
      const target = await this.records.replyTarget(outbound.chatId, message.replyToId);
      if (!target) throw new PermanentDeliveryError('Nobody in this conversation wrote on this channel: there is no one to answer.', 'NO_REPLY_ADDRESS');
      const text = message.text.trim() || (message.status === 'failed' ? FAILED_ANSWER_TEXT : '');
      const files = message.files;
      if (!text && files.length === 0) return { sent: false };
      const sent = await adapter.send({
        messageId,
        chatId: outbound.chatId,
        accountId: account.id,
        text,
        files,
        readFile: (fileId) => this.files.readContent(account.ownerUserId, fileId),
        replyAddress: target.replyAddress,
      });
      await this.records.markSent(outbound.id, outbound.channel, sent.externalIds.map(externalKeyOf));
      await this.deliveries.announce(outbound);
      return { sent: true };
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const failure = { code: permanent ? error.code : 'DELIVERY_FAILED', message: error instanceof Error ? error.message : String(error) };
      await this.records.recordAttempt(outbound.id, failure, final);
      await this.deliveries.announce(outbound);
      this.logger.warn(`${outbound.channel} delivery of message ${messageId} failed${final ? ' for good' : ', will retry'}: ${failure.message}`);
      throw permanent ? new UnrecoverableError(failure.message) : error;
    }
  }
}
