import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExternalChannel, ReplyAddress } from './channel.types';

/**
 * Every message a channel delivered, once: the unique (channel, external_key) is what makes a
 * re-delivered or concurrently duplicated message a no-op. It also records where to answer.
 */
@Entity('inbound_messages')
export class InboundMessageRow {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: ExternalChannel;

  /** SHA-256 of the channel's own message id. */
  @Column({ name: 'external_key', type: 'char', length: 64 })
  externalKey!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 64 })
  accountId!: string;

  @Column({ name: 'contact_id', type: 'char', length: 36, nullable: true })
  contactId!: string | null;

  /** Set once the message is stored in its chat (null while it is being taken in). */
  @Column({ name: 'chat_id', type: 'char', length: 36, nullable: true })
  chatId!: string | null;

  @Column({ name: 'message_id', type: 'char', length: 36, nullable: true })
  messageId!: string | null;

  @Column({ name: 'reply_address', type: 'json' })
  replyAddress!: ReplyAddress;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;
}
