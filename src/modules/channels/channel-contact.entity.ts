import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ExternalChannel } from './channel.types';

/** A person who wrote to an account, keyed by their phone number or e-mail address. */
@Entity('channel_contacts')
export class ChannelContact {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 64 })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: ExternalChannel;

  @Column({ type: 'varchar', length: 254 })
  address!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  /** Their running conversation (WhatsApp has one per contact; an e-mail thread finds its own). */
  @Column({ name: 'chat_id', type: 'char', length: 36, nullable: true })
  chatId!: string | null;

  /** When they last wrote: WhatsApp only lets a business answer freely within 24 hours of it. */
  @Column({ name: 'last_inbound_at', type: 'datetime', precision: 3 })
  lastInboundAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
