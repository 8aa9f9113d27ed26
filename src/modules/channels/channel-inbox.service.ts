import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisClients } from '../../infra/redis/redis.clients';
import { ChatService } from '../chat/chat.service';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { SendMessageService } from '../chat/send-message.service';
import { FilesService } from '../files/files.service';
import { ChannelAccountsService, type ChannelAccount } from './channel-accounts.service';
import type { ChannelContact } from './channel-contact.entity';
import { ChannelRecordsRepository } from './channel-records.repository';
import type { InboundMessage } from './channel.types';
import { externalKeyOf } from './external-key';

/**
 * How long the Redis claim on an inbound message keeps its duplicates away. Past it, the unique
 * key in the database still does; the claim only spares them the database round trips, and if the
 * node holding it dies, the channel's re-delivery is taken in once the claim has lapsed.
 */
const CLAIM_TTL_MS = 10 * 60_000;

export interface Received {
  /** The channel delivered this message before (or is delivering it right now elsewhere). */
  duplicate: boolean;
  chatId: string | null;
}

/**
 * Step 1 of the pipeline for WhatsApp and e-mail (docs/channels.md): takes an inbound message in
 * exactly once, files it in its conversation and starts the answer. Whatever the channel delivers
 * twice — a webhook retried, the same message on two nodes at once, a mailbox read again — is
 * answered once: an atomic claim in Redis turns concurrent copies away, the unique key on
 * (channel, external id) in the database the later ones.
 */
@Injectable()
export class ChannelInbox {
  private readonly logger = new Logger(ChannelInbox.name);

  constructor(
    private readonly redis: RedisClients,
    private readonly records: ChannelRecordsRepository,
    private readonly accounts: ChannelAccountsService,
    private readonly chats: ChatService,
    private readonly files: FilesService,
    private readonly sender: SendMessageService,
  ) {}

  /** Throws when the message could not be taken in; nothing of it is kept then, so a retry starts afresh. */
  async receive(inbound: InboundMessage): Promise<Received> {
    const externalKey = externalKeyOf(inbound.externalId);
    const claim = this.redis.key('channels', 'inbound', inbound.channel, externalKey);
    if ((await this.redis.app.set(claim, '1', 'PX', CLAIM_TTL_MS, 'NX')) !== 'OK') return { duplicate: true, chatId: null };
    try {
      const id = randomUUID();
      const recorded = await this.records.insertInbound({
        id,
        channel: inbound.channel,
        externalKey,
        accountId: inbound.accountId,
        contactId: null,
        chatId: null,
        messageId: null,
        replyAddress: inbound.replyAddress,
        receivedAt: inbound.receivedAt,
      });
      if (!recorded) return { duplicate: true, chatId: null };
      try {
        return { duplicate: false, chatId: await this.takeIn(id, inbound) };
      } catch (error) {
        await this.records.deleteInbound(id);
        throw error;
      }
    } catch (error) {
      await this.redis.app.del(claim);
      throw error;
    }
  }

  private async takeIn(inboundId: string, inbound: InboundMessage): Promise<string> {
    const account = await this.accounts.get(inbound.accountId);
    if (!account) throw new AppException(ErrorCode.NotFound, `No channel account ${inbound.accountId}: was it deleted?`);
    const contact = await this.records.touchContact(account.id, inbound.channel, inbound.sender.address, inbound.sender.name, inbound.receivedAt);
    const [chatId, fileIds] = await Promise.all([this.chatFor(account, inbound, contact), this.storeAttachments(account, inbound)]);
    const started = await this.sender.start(
      account.ownerUserId,
      { message: messageText(inbound), ...(chatId ? { chatId } : {}), fileIds },
      inbound.channel,
      // One answer at a time per person, and never at the expense of the account owner's own slots:
      // a second message while the first is answered is refused here and its job retried.
      { holder: `contact:${contact.id}`, limit: 1 },
    );
    await Promise.all([
      this.records.completeInbound(inboundId, started.chatId, started.userMessageId, contact.id),
      started.chatId !== contact.chatId ? this.records.setContactChat(contact.id, started.chatId) : undefined,
    ]);
    this.logger.log(`${inbound.channel} message taken into chat ${started.chatId}`);
    return started.chatId;
  }

  /**
   * The conversation a message belongs to: the one holding a message it continues (an e-mail
   * reply), else for WhatsApp the contact's running chat; none starts a new one. Only the
   * account's own chats count, so a forged reference cannot reach someone else's conversation.
   */
  private async chatFor(account: ChannelAccount, inbound: InboundMessage, contact: ChannelContact): Promise<string | null> {
    const continued = await this.records.chatHolding(account.id, inbound.channel, inbound.continues.map(externalKeyOf));
    if (continued) return continued;
    if (inbound.channel !== 'whatsapp' || !contact.chatId) return null;
    return (await this.chats.exists(account.ownerUserId, contact.chatId)) ? contact.chatId : null;
  }

  private async storeAttachments(account: ChannelAccount, inbound: InboundMessage): Promise<string[]> {
    const stored = await Promise.all(inbound.attachments.map((attachment) => this.files.saveReceived(account.ownerUserId, attachment)));
    return stored.map((file) => file.id);
  }
}

/** The text the pipeline answers: bounded like any message, and never empty (a photo alone says so). */
function messageText(inbound: InboundMessage): string {
  const text = inbound.text.trim();
  if (text) return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
  const names = inbound.attachments.map((attachment) => attachment.name).join(', ');
  return names ? `(sent ${names.slice(0, 500)})` : '(empty message)';
}
