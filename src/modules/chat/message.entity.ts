import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Citation, MessageRole, MessageStatus, TokenUsage } from '../../contracts/chat';
import type { MemoryRef } from '../../contracts/memories';

/**
 * `user` asked, `assistant` is the AI's answer; in live support an `operator` (a person) answers
 * too, and `system` lines record who took over or handed back (never sent to a model). An
 * assistant message moves pending → streaming → complete | stopped | failed. These wire types live
 * in src/contracts (the client imports the same ones).
 */
export type { Citation, MessageRole, MessageStatus };
/** A remembered fact an answer was given, as shown with the answer (the memory may since have changed). */
export type UsedMemory = MemoryRef;

@Entity('messages')
export class Message {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'chat_id', type: 'char', length: 36 })
  chatId!: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: MessageRole;

  @Column({ type: 'mediumtext' })
  text!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MessageStatus;

  @Column({ name: 'track_id', type: 'char', length: 36, nullable: true })
  trackId!: string | null;

  @Column({ name: 'reply_to_id', type: 'char', length: 36, nullable: true })
  replyToId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  topic!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  language!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  provider!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  model!: string | null;

  @Column({ name: 'usage_json', type: 'json', nullable: true })
  usage!: TokenUsage | null;

  /** Inbound: the attachments. Outbound: the generated files. */
  @Column({ name: 'file_ids', type: 'json' })
  fileIds!: string[];

  @Column({ type: 'json' })
  citations!: Citation[];

  /** An answer: the facts remembered about the user that it was given (shown with it); null for none. */
  @Column({ name: 'memories_used', type: 'json', nullable: true })
  memoriesUsed!: UsedMemory[] | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 1000, nullable: true })
  errorMessage!: string | null;

  /** Operator messages and system lines: the person's display name. */
  @Column({ name: 'author_name', type: 'varchar', length: 100, nullable: true })
  authorName!: string | null;

  /** An answer: the model's reasoning, where the model exposes it (shown collapsed above the answer). */
  @Column({ type: 'mediumtext', nullable: true })
  thinking!: string | null;

  /** How long the model reasoned before it began the answer. */
  @Column({ name: 'thinking_ms', type: 'int', nullable: true })
  thinkingMs!: number | null;

  /** An answer cut off at the model's output token limit: it can be continued. */
  @Column({ type: 'boolean', default: false })
  truncated!: boolean;

  /**
   * An answer replaced by a newer version of the answer to the same question (asked again, or the
   * question edited): still shown as a version, no longer part of the conversation.
   */
  @Column({ name: 'superseded_at', type: 'datetime', precision: 3, nullable: true })
  supersededAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;
}
