import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Delivery } from '../../contracts/chat';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { AnswerDeliveries, type FinishedTurn } from '../chat/answer-deliveries';
import { ChatService } from '../chat/chat.service';
import { UserChannel } from '../realtime/user-channel.service';
import { ChannelAccountsService } from './channel-accounts.service';
import { ChannelRecordsRepository } from './channel-records.repository';
import type { ChannelAdapter, DeliveryStatus, ExternalChannel } from './channel.types';
import { externalKeyOf } from './external-key';
import type { OutboundMessageRow } from './outbound-message.entity';

const EXTERNAL_CHANNELS: readonly ExternalChannel[] = ['whatsapp', 'email'];

/** One message's delivery, as `GET /chats/:id/deliveries` shows it. */
export type DeliveryView = Delivery;

/**
 * Step 5 of the pipeline for WhatsApp and e-mail (docs/channels.md): a finished answer, or an
 * operator's reply from the browser, is recorded as an outbound message and sent by its channel's
 * adapter from a queued job (DeliverChannelMessageJob), which retries with backoff. One outbound
 * record per message makes asking twice send once.
 */
@Injectable()
export class ChannelDeliveries implements OnModuleInit {
  private readonly logger = new Logger(ChannelDeliveries.name);
  private readonly adapters = new Map<ExternalChannel, ChannelAdapter>();

  constructor(
    private readonly records: ChannelRecordsRepository,
    private readonly accounts: ChannelAccountsService,
    private readonly jobs: JobQueueService,
    private readonly answers: AnswerDeliveries,
    private readonly chats: ChatService,
    private readonly userChannel: UserChannel,
  ) {}

  onModuleInit(): void {
    for (const channel of EXTERNAL_CHANNELS) this.answers.register(channel, (turn) => this.answerFinished(channel, turn));
  }

  /** Each channel module registers its adapter at boot. */
  registerAdapter(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.channel)) throw new Error(`Channel ${adapter.channel} already has an adapter`);
    this.adapters.set(adapter.channel, adapter);
  }

  adapterFor(channel: ExternalChannel): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /**
   * Sends the stored message on the chat's channel, to whoever wrote last (queued; idempotent).
   * False when the chat has no inbound message to answer.
   */
  async send(chatId: string, messageId: string, channel: ExternalChannel): Promise<boolean> {
    const target = await this.records.replyTarget(chatId, null);
    if (!target) {
      this.logger.warn(`chat ${chatId} has no ${channel} message to answer: message ${messageId} not sent`);
      return false;
    }
    const outbound = await this.records.outboundFor({ messageId, chatId, channel, accountId: target.accountId });
    await this.jobs.enqueue({ name: JobName.DeliverChannelMessage, data: { messageId } }, { jobId: `deliver-${messageId}` });
    // The chat shows "sending…" from here on, not only once the job has sent it.
    await this.announce(outbound);
    return true;
  }

  /**
   * A status the channel reported for something it sent (WhatsApp: sent, delivered, read, failed).
   * False when nothing sent has that id: not sent by us, or not recorded as sent yet (a status can
   * overtake the end of the send that caused it, so the caller may try again shortly).
   */
  async recordStatus(channel: ExternalChannel, externalId: string, status: DeliveryStatus, error?: { code: string; message: string }): Promise<boolean> {
    const outbound = await this.records.advance(channel, externalKeyOf(externalId), status, error);
    if (outbound) await this.announce(outbound);
    return outbound !== null;
  }

  /** When this person last wrote to the account (WhatsApp's 24-hour window starts there). */
  lastInboundAt(channel: ExternalChannel, accountId: string, senderAddress: string): Promise<Date | null> {
    return this.records.lastInboundAt(channel, accountId, senderAddress);
  }

  async list(userId: string, chatId: string): Promise<DeliveryView[]> {
    await this.chats.findOwned(userId, chatId);
    return (await this.records.listOutbound(chatId)).map((row) => ({
      messageId: row.messageId,
      status: row.status,
      attempts: row.attempts,
      error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /** The conversation's owner sees the new status in every tab. */
  async announce(outbound: OutboundMessageRow): Promise<void> {
    const account = await this.accounts.get(outbound.accountId);
    if (account) this.userChannel.notify(account.ownerUserId, 'message.delivery', { chatId: outbound.chatId, messageId: outbound.messageId });
  }

  /** An answer stopped before it said anything has nothing to send; a failed one says so in words (the job). */
  private async answerFinished(channel: ExternalChannel, turn: FinishedTurn): Promise<void> {
    if (turn.status === 'stopped' && !turn.text.trim()) return;
    await this.send(turn.chatId, turn.messageId, channel);
  }
}
