import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Not, IsNull, type Repository } from 'typeorm';
import { isDuplicateKeyError } from '../../common/database-errors';
import { ChannelContact } from './channel-contact.entity';
import type { DeliveryStatus, ExternalChannel } from './channel.types';
import { InboundMessageRow } from './inbound-message.entity';
import { OutboundMessagePart, OutboundMessageRow } from './outbound-message.entity';

/** The order status updates move in; `failed` ends a delivery wherever it was. */
const STATUS_RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** What the channels module stores of each conversation: contacts, inbound messages, deliveries. */
@Injectable()
export class ChannelRecordsRepository {
  constructor(
    @InjectRepository(ChannelContact) private readonly contacts: Repository<ChannelContact>,
    @InjectRepository(InboundMessageRow) private readonly inbound: Repository<InboundMessageRow>,
    @InjectRepository(OutboundMessageRow) private readonly outbound: Repository<OutboundMessageRow>,
    @InjectRepository(OutboundMessagePart) private readonly parts: Repository<OutboundMessagePart>,
  ) {}

  // ── Inbound ─────────────────────────────────────────────────────────────────────────────

  /** Records the message; false when the channel delivered it before. */
  async insertInbound(row: InboundMessageRow): Promise<boolean> {
    try {
      await this.inbound.insert(row);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async completeInbound(id: string, chatId: string, messageId: string, contactId: string): Promise<void> {
    await this.inbound.update({ id }, { chatId, messageId, contactId });
  }

  async deleteInbound(id: string): Promise<void> {
    await this.inbound.delete({ id });
  }

  /** The inbound message `messageId` was stored as, else the chat's latest one: where a reply in that chat goes. */
  async replyTarget(chatId: string, messageId: string | null): Promise<InboundMessageRow | null> {
    const exact = messageId ? await this.inbound.findOneBy({ chatId, messageId }) : null;
    return exact ?? this.inbound.findOne({ where: { chatId }, order: { receivedAt: 'DESC' } });
  }

  /** The chat of the account's that holds any of these messages (received or sent), if one does. */
  async chatHolding(accountId: string, channel: ExternalChannel, externalKeys: string[]): Promise<string | null> {
    if (externalKeys.length === 0) return null;
    const received = await this.inbound.findOne({ where: { accountId, channel, externalKey: In(externalKeys), chatId: Not(IsNull()) }, order: { receivedAt: 'DESC' } });
    if (received?.chatId) return received.chatId;
    const part = await this.parts.findOne({ where: { channel, externalKey: In(externalKeys) } });
    const sent = part ? await this.outbound.findOneBy({ id: part.outboundId, accountId }) : null;
    return sent?.chatId ?? null;
  }

  // ── Contacts ────────────────────────────────────────────────────────────────────────────

  /** The contact for this address, created on first contact; their name and last message time kept current. */
  async touchContact(accountId: string, channel: ExternalChannel, address: string, name: string | null, at: Date): Promise<ChannelContact> {
    const existing = await this.contacts.findOneBy({ accountId, address });
    if (existing) {
      const changes = { lastInboundAt: at > existing.lastInboundAt ? at : existing.lastInboundAt, name: name ?? existing.name };
      await this.contacts.update({ id: existing.id }, changes);
      return { ...existing, ...changes };
    }
    const contact = this.contacts.create({ id: randomUUID(), accountId, channel, address, name, chatId: null, lastInboundAt: at });
    try {
      await this.contacts.insert(contact);
      return contact;
    } catch (error) {
      // Their first two messages came in at once: the other one created the contact.
      if (isDuplicateKeyError(error)) return this.touchContact(accountId, channel, address, name, at);
      throw error;
    }
  }

  async setContactChat(contactId: string, chatId: string): Promise<void> {
    await this.contacts.update({ id: contactId }, { chatId });
  }

  async lastInboundAt(channel: ExternalChannel, accountId: string, address: string): Promise<Date | null> {
    return (await this.contacts.findOneBy({ channel, accountId, address }))?.lastInboundAt ?? null;
  }

  // ── Outbound ────────────────────────────────────────────────────────────────────────────

  /** The message's delivery, created queued on first ask. */
  async outboundFor(row: Omit<OutboundMessageRow, 'id' | 'status' | 'attempts' | 'errorCode' | 'errorMessage' | 'createdAt' | 'updatedAt'>): Promise<OutboundMessageRow> {
    await this.outbound.createQueryBuilder().insert().orIgnore().values({ ...row, id: randomUUID(), status: 'queued', attempts: 0, errorCode: null, errorMessage: null }).execute();
    return (await this.outbound.findOneBy({ messageId: row.messageId })) as OutboundMessageRow;
  }

  findOutbound(messageId: string): Promise<OutboundMessageRow | null> {
    return this.outbound.findOneBy({ messageId });
  }

  async recordAttempt(id: string, error: { code: string; message: string }, failed: boolean): Promise<void> {
    await this.outbound.increment({ id }, 'attempts', 1);
    await this.outbound.update({ id }, { errorCode: error.code, errorMessage: error.message.slice(0, 1000), ...(failed ? { status: 'failed' as const } : {}) });
  }

  async markSent(id: string, channel: ExternalChannel, externalKeys: string[]): Promise<void> {
    await this.outbound.manager.transaction(async (manager) => {
      if (externalKeys.length > 0) {
        await manager.createQueryBuilder().insert().into(OutboundMessagePart).orIgnore().values(externalKeys.map((externalKey) => ({ channel, externalKey, outboundId: id }))).execute();
      }
      await manager.increment(OutboundMessageRow, { id }, 'attempts', 1);
      await manager.update(OutboundMessageRow, { id, status: 'queued' }, { status: 'sent', errorCode: null, errorMessage: null });
    });
  }

  /** Moves the delivery holding this part forward to `status` (never back); null when no delivery has it. */
  async advance(channel: ExternalChannel, externalKey: string, status: DeliveryStatus, error?: { code: string; message: string }): Promise<OutboundMessageRow | null> {
    const part = await this.parts.findOneBy({ channel, externalKey });
    if (!part) return null;
    const lower = (Object.keys(STATUS_RANK) as DeliveryStatus[]).filter((candidate) => STATUS_RANK[candidate] < STATUS_RANK[status]);
    await this.outbound.update(
      { id: part.outboundId, status: In(lower) },
      { status, ...(error ? { errorCode: error.code.slice(0, 64), errorMessage: error.message.slice(0, 1000) } : {}) },
    );
    return this.outbound.findOneBy({ id: part.outboundId });
  }

  listOutbound(chatId: string): Promise<OutboundMessageRow[]> {
    return this.outbound.find({ where: { chatId }, order: { createdAt: 'ASC' }, take: 500 });
  }
}
