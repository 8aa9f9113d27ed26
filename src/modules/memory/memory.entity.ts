import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What a memory is about; the Memories page groups by it. Persisted: never rename, only add. */
export const MEMORY_CATEGORIES = ['personal', 'preferences', 'work', 'health', 'relationships', 'other'] as const;
export type MemoryCategory = (typeof MEMORY_CATEGORIES)[number];

export const MAX_MEMORY_KEY_CHARS = 100;
export const MAX_MEMORY_VALUE_CHARS = 1000;
/** Memories one user may keep: the prompt recalls a few, the page lists them all. */
export const MAX_MEMORIES_PER_USER = 500;

/** One fact about a user; (user, category, key) is unique, so telling a fact again replaces it. */
@Entity('memories')
export class Memory {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: MemoryCategory;

  @Column({ type: 'varchar', length: MAX_MEMORY_KEY_CHARS })
  key!: string;

  @Column({ type: 'varchar', length: MAX_MEMORY_VALUE_CHARS })
  value!: string;

  /** The chat (and the user's message in it) the fact was learnt from; null when typed in, or the chat is gone. */
  @Column({ name: 'source_chat_id', type: 'char', length: 36, nullable: true })
  sourceChatId!: string | null;

  @Column({ name: 'source_message_id', type: 'char', length: 36, nullable: true })
  sourceMessageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
