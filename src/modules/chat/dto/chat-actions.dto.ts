import { IsOptional, IsString, Length } from 'class-validator';
import type { EditMessageRequest, RegenerateRequest } from '../../../contracts/chat';
import { MAX_MESSAGE_LENGTH } from './stream.dto';
import { IsTimeZone } from './time-zone';

/** `POST /messages/:id/regenerate` (docs/api.md, chat actions). */
export class RegenerateDto implements RegenerateRequest {
  /** A catalogue model id to answer with ("Again with model…"); else the CHAT binding. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  modelId?: string;

  /** The sender's IANA time zone, as when sending: the question is answered anew, its calendar events too. */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

/** `POST /messages/:id/edit`: the latest question's new text, answered anew. */
export class EditMessageDto extends RegenerateDto implements EditMessageRequest {
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  message!: string;
}
