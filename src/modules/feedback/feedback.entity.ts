import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const FEEDBACK_KINDS = ['positive', 'negative'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const MAX_FEEDBACK_NOTE_CHARS = 1000;

/**
 * A user's verdict on one answer; one per user and answer, replaced when given again. The question
 * and an excerpt of the answer are copied, so examples are recalled without reading the chat.
 */
@Entity('feedback')
export class Feedback {
  @PrimaryColumn({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'message_id', type: 'char', length: 36 })
  messageId!: string;

  @Column({ name: 'chat_id', type: 'char', length: 36 })
  chatId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: FeedbackKind;

  @Column({ type: 'varchar', length: MAX_FEEDBACK_NOTE_CHARS, nullable: true })
  note!: string | null;

  @Column({ type: 'text' })
  question!: string;

  @Column({ name: 'answer_excerpt', type: 'text' })
  answerExcerpt!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
