import { IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Trim } from '../../../../common/http/trim';
import type { NewWhatsAppNumber, WhatsAppNumberChange, WhatsAppTestResult } from '../../../../contracts/channels';
import { ChannelAccountChangeDto, ChannelAccountFieldsDto } from '../../dto/channel-account.dto';


/** A number's settings that are not secret. */
export class WhatsAppNumberConfigDto {
  /**
   * The Graph API base URL for this number (default WHATSAPP_GRAPH_URL). Only admins may set it:
   * the server sends the number's token there. Null removes it.
   */
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'config.graphUrl must be an http(s) URL' })
  @MaxLength(300)
  graphUrl?: string | null;
}

/** Write-only: the API says which are set (`secretsSet`), never their values. */
class WebhookSecretsDto {
  /** The Meta app's secret, which signs webhooks; defaults to WHATSAPP_APP_SECRET. "" removes it. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  appSecret?: string;

  /** What Meta presents when the webhook is subscribed; defaults to WHATSAPP_VERIFY_TOKEN. "" removes it. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  verifyToken?: string;
}

/**
 * The secrets of a new number. The access token (a system user's permanent token with
 * whatsapp_business_messaging) is required: it is what proves the number is the caller's.
 */
export class NewWhatsAppNumberSecretsDto extends WebhookSecretsDto {
  @IsString()
  @Length(1, 1000)
  accessToken!: string;
}

/** Secrets to replace; a new access token is checked with WhatsApp like the first one. */
export class WhatsAppNumberSecretsDto extends WebhookSecretsDto {
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  accessToken?: string;
}

/** `POST /channels/whatsapp/numbers`. */
export class CreateWhatsAppNumberDto extends ChannelAccountFieldsDto implements NewWhatsAppNumber {
  /** The Cloud API's phone number id (WhatsApp Manager → API Setup), not the phone number itself. */
  @Trim()
  @Matches(/^[0-9]{1,32}$/, { message: 'phoneNumberId must be the digits of a Cloud API phone number id' })
  phoneNumberId!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => WhatsAppNumberConfigDto)
  config?: WhatsAppNumberConfigDto;

  @ValidateNested()
  @Type(() => NewWhatsAppNumberSecretsDto)
  secrets!: NewWhatsAppNumberSecretsDto;
}

/** `PATCH /channels/whatsapp/numbers/:id`: the fields given change. Off, its webhooks are refused and nothing is sent from it. */
export class UpdateWhatsAppNumberDto extends IntersectionType(ChannelAccountChangeDto, PickType(CreateWhatsAppNumberDto, ['config'] as const)) implements WhatsAppNumberChange {
  @IsOptional()
  @ValidateNested()
  @Type(() => WhatsAppNumberSecretsDto)
  secrets?: WhatsAppNumberSecretsDto;
}

/** `POST /channels/whatsapp/numbers/:id/test`. */
export class TestWhatsAppNumberDto {
  /** The recipient's phone number in international format (`+49 151 …`; spaces, dashes and brackets allowed). */
  @Trim()
  @Matches(/^\+?[0-9 ()-]{6,30}$/, { message: 'to must be a phone number in international format, e.g. +49 151 2345678' })
  to!: string;
}

/** What the test message did, in words for the settings page. */
export class WhatsAppTestResultDto implements WhatsAppTestResult {
  ok!: boolean;
  /** Sent, or what WhatsApp said. */
  message!: string;
  /** The sent message's `wamid`, when it went out. */
  messageId!: string | null;
}
