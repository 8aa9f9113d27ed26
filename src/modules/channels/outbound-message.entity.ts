import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DeliveryStatus, ExternalChannel } from './channel.types';

/** The delivery of one stored message (an answer or an operator's reply) on its chat's channel. */
@Entity('outbound_messages')
export class OutboundMessageRow {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  /** Unique: a message is delivered once, however often its delivery is asked for. */
  @Column({ name: 'message_id', type: 'char', length: 36 })
  messageId!: string;

  @Column({ name: 'chat_id', type: 'char', length: 36 })
  chatId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: ExternalChannel;

  @Column({ name: 'account_id', type: 'varchar', length: 64 })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 1000, nullable: true })
  errorMessage!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

/** A piece of an outbound message as the channel knows it (its id), for status updates. */
@Entity('outbound_message_parts')
export class OutboundMessagePart {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  channel!: ExternalChannel;

  @PrimaryColumn({ name: 'external_key', type: 'char', length: 64 })
  externalKey!: string;

  @Column({ name: 'outbound_id', type: 'char', length: 36 })
  outboundId!: string;
}
