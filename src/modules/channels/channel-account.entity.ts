import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ExternalChannel } from './channel.types';

/**
 * Where a channel's messages arrive and answers leave from: a WhatsApp number or a mailbox,
 * owned by the user whose AI settings answer it and who sees its conversations. `config` is the
 * channel's own non-secret settings; `secrets` (tokens, passwords) are never returned by the API.
 */
@Entity('channel_accounts')
export class ChannelAccountRow {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: ExternalChannel;

  @Column({ name: 'owner_user_id', type: 'char', length: 36 })
  ownerUserId!: string;

  /** The WhatsApp phone number id, or the mailbox's e-mail address (lower-case). */
  @Column({ type: 'varchar', length: 254 })
  address!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'json' })
  config!: Record<string, unknown>;

  @Column({ type: 'json' })
  secrets!: Record<string, string>;

  @Column({ type: 'boolean' })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
