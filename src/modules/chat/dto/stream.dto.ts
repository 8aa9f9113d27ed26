import type { SendMessageRequest } from '../../../contracts/chat';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { IsTimeZone } from './time-zone';

export const MAX_MESSAGE_LENGTH = 32_000;

/** `POST /messages/stream` (docs/api.md, streaming an answer). */
export class SendMessageDto implements SendMessageRequest {
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  message!: string;

  @IsOptional()
  @IsUUID()
  chatId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID(undefined, { each: true })
  fileIds?: string[];

  /** A catalogue model id for the answer (the model picker); else the CHAT binding. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  modelId?: string;

  /** true/false force web search on or off; null or absent leaves it to routing. */
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsBoolean()
  webSearch?: boolean | null;

  /** Nothing of this turn is stored: no chat, no messages, no history. Starts its own conversation. */
  @IsOptional()
  @IsBoolean()
  incognito?: boolean;

  /** Route to this task prompt topic, skipping classification rules and the sorter. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'promptTopic must be a task prompt topic key' })
  promptTopic?: string;

  /** The sender's IANA time zone: a calendar event's zone when its request and plan name none. */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class StopStreamDto {
  @IsUUID()
  trackId!: string;
}
