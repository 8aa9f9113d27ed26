import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Feedback as FeedbackContract, FeedbackInput } from '../../../contracts/feedback';
import { FEEDBACK_KINDS, MAX_FEEDBACK_NOTE_CHARS, type Feedback, type FeedbackKind } from '../feedback.entity';

export class GiveFeedbackDto implements FeedbackInput {
  @IsUUID()
  messageId!: string;

  @IsIn(FEEDBACK_KINDS)
  kind!: FeedbackKind;

  /** What was good or wrong; blank is no note. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(MAX_FEEDBACK_NOTE_CHARS)
  note?: string | null;
}

export class FeedbackQueryDto {
  @IsUUID()
  chatId!: string;
}

export class FeedbackDto implements FeedbackContract {
  messageId!: string;
  kind!: FeedbackKind;
  note!: string | null;
  updatedAt!: string;

  static from(feedback: Feedback): FeedbackDto {
    return { messageId: feedback.messageId, kind: feedback.kind, note: feedback.note, updatedAt: feedback.updatedAt.toISOString() };
  }
}
