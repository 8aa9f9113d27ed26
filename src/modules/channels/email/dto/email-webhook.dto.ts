import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsOptional, IsString, Length, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import type { JsonMail } from '../incoming-mail';

/** The header lines of one mail: many, but each a line. */
const MAX_FIELD_CHARS = 998 * 4;
const MAX_HEADERS = 100;

/** An object of at most MAX_HEADERS header values, each a string of at most MAX_FIELD_CHARS. */
function IsHeaderRecord(): PropertyDecorator {
  return ValidateBy({
    name: 'isHeaderRecord',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const values = Object.values(value);
        return values.length <= MAX_HEADERS && values.every((header) => typeof header === 'string' && header.length <= MAX_FIELD_CHARS);
      },
      defaultMessage: () => `headers must be an object of at most ${MAX_HEADERS} string values`,
    },
  });
}

export class EmailWebhookAttachmentDto {
  @IsString()
  @Length(1, 255)
  name!: string;

  @IsString()
  @Length(1, 255)
  mime!: string;

  @IsBase64()
  contentBase64!: string;
}

/** `POST /webhooks/email` as JSON (docs/channels.md#email): one received mail. */
export class EmailWebhookDto implements JsonMail {
  /** "Ann <ann@example.org>" or a bare address: who is answered. */
  @IsString()
  @Length(3, MAX_FIELD_CHARS)
  from!: string;

  /** The mailbox it was sent to (an address list is read in order until one is a mailbox of yours). */
  @IsString()
  @Length(3, MAX_FIELD_CHARS)
  to!: string;

  @IsString()
  @MaxLength(MAX_FIELD_CHARS)
  subject!: string;

  /** The text part (may be empty when `html` is given). */
  @IsString()
  text!: string;

  @IsOptional()
  @IsString()
  html?: string;

  @IsOptional()
  @IsString()
  @Length(1, 998)
  messageId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 998)
  inReplyTo?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 998, { each: true })
  references?: string[];

  /** Further headers of the mail (Auto-Submitted, Precedence, List-Id …), so automatic mail is recognised as such. */
  @IsOptional()
  @IsHeaderRecord()
  headers?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EmailWebhookAttachmentDto)
  attachments?: EmailWebhookAttachmentDto[];
}

/** What the webhook answers (202): what became of the mail. */
export class EmailWebhookResultDto {
  /** `accepted`: taken in and being answered; `duplicate`: taken in before; `skipped`: automatic mail, not answered. */
  status!: 'accepted' | 'duplicate' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
  /** The chat the mail was filed in (accepted mail; null when it is still being filed). */
  chatId?: string | null;
}
