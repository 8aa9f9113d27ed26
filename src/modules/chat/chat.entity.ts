import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ChatChannel } from '../../contracts/chat';

/** Where a conversation came in; answers go back out the same way. */
export type Channel = ChatChannel;

@Entity('chats')
export class Chat {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  /** Rolling summary of the turns older than the context window. */
  @Column({ type: 'mediumtext', nullable: true })
  summary!: string | null;

  /** `created_at` of the newest message the summary covers. */
  @Column({ name: 'summarized_until', type: 'datetime', precision: 3, nullable: true })
  summarizedUntil!: Date | null;

  /** Memories are recalled into this chat's answers and learnt from its messages (the user can switch it off per chat). */
  @Column({ name: 'memory_enabled', type: 'boolean', default: true })
  memoryEnabled!: boolean;

  @Column({ name: 'last_message_at', type: 'datetime', precision: 3 })
  lastMessageAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
