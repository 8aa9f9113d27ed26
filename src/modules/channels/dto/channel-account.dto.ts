import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { Trim } from '../../../common/http/trim';
import type { ChannelAccountChange } from '../../../contracts/channels';

/** What every channel account (a mailbox, a WhatsApp number) is created with besides its channel's own fields. */
export class ChannelAccountFieldsDto {
  /** How the account is listed (for a mailbox, also the sender's name on answers). */
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;
}

/** What every channel account's PATCH may change besides its channel's own settings. */
export class ChannelAccountChangeDto extends PartialType(ChannelAccountFieldsDto) implements ChannelAccountChange {
  /** Off: nothing is taken in from it (its webhooks are refused, a mailbox is no longer read) and nothing is sent from it. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
