import { IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Trim } from '../../../../common/http/trim';
import type { MailboxChange, MailboxTestResult, NewMailbox } from '../../../../contracts/channels';
import { ChannelAccountChangeDto, ChannelAccountFieldsDto } from '../../dto/channel-account.dto';
import type { MailboxConfig, MailboxSecrets } from '../mailbox-settings';

/** A host name or address: no spaces, no scheme, no path. */
const HOST = /^[A-Za-z0-9.:[\]_-]+$/;

/** A mailbox's server settings; every field is optional (a mailbox may only send, or only receive by webhook). */
export class MailboxConfigDto implements MailboxConfig {
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 253)
  @Matches(HOST, { message: 'imapHost must be a host name or address' })
  imapHost?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  imapPort?: number;

  /** TLS from the start (993); false: STARTTLS when the server offers it (143). */
  @IsOptional()
  @IsBoolean()
  imapSecure?: boolean;

  /** Defaults to the mailbox's address. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  imapUser?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 253)
  @Matches(HOST, { message: 'smtpHost must be a host name or address' })
  smtpHost?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  smtpPort?: number;

  /** TLS from the start (465); false: STARTTLS (587). */
  @IsOptional()
  @IsBoolean()
  smtpSecure?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  smtpUser?: string;
}

/** Write-only: the API says which are set (`secretsSet`), never their values. An empty string removes one. */
export class MailboxSecretsDto implements MailboxSecrets {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  imapPassword?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  smtpPassword?: string;
}

/** `POST /channels/email/mailboxes`. The name is shown as the sender's name on answers. */
export class CreateMailboxDto extends ChannelAccountFieldsDto implements NewMailbox {
  /** The address mail is sent to and answered from. */
  @Trim()
  @IsEmail({}, { message: 'address must be an e-mail address' })
  @MaxLength(254)
  address!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => MailboxConfigDto)
  config?: MailboxConfigDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => MailboxSecretsDto)
  secrets?: MailboxSecretsDto;
}

/**
 * `PATCH /channels/email/mailboxes/:id`: the fields given change (config keys one by one; null-free).
 * Off, mail to it is refused (webhook) and no longer read (IMAP).
 */
export class UpdateMailboxDto extends IntersectionType(ChannelAccountChangeDto, PickType(CreateMailboxDto, ['config', 'secrets'] as const)) implements MailboxChange {}

/** `POST /channels/email/mailboxes/:id/test`. */
export class TestMailboxDto {
  @Trim()
  @IsEmail({}, { message: 'to must be an e-mail address' })
  @MaxLength(254)
  to!: string;
}

/** One check of a mailbox test. */
export class MailboxCheckDto {
  ok!: boolean;
  /** What happened, in words for the settings page. */
  message!: string;
}

/** What the test found. */
export class MailboxTestResultDto implements MailboxTestResult {
  /** Every check passed. */
  ok!: boolean;
  /** Sending: the test mail went out, or why not. */
  smtp!: MailboxCheckDto;
  /** Reading: logged in to the IMAP server, or why not; null without IMAP settings. */
  imap!: MailboxCheckDto | null;
}
