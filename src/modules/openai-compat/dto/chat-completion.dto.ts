import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';

/** The most messages one request may carry: earlier ones are context, and all of it must fit one message. */
export const MAX_COMPLETION_MESSAGES = 100;
/** The most content parts one message may have. */
const MAX_CONTENT_PARTS = 100;

export const COMPLETION_ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export type CompletionRole = (typeof COMPLETION_ROLES)[number];

/** A text content part, the only kind Switchboard reads (images and audio come in as files, not here). */
export interface TextPart {
  type: 'text';
  text: string;
}

function isTextPart(part: unknown): part is TextPart {
  return typeof part === 'object' && part !== null && (part as TextPart).type === 'text' && typeof (part as TextPart).text === 'string';
}

/**
 * The text of a message's `content` (a string, or text parts joined by line breaks), or undefined
 * when it is neither, has other kinds of parts, or is longer than one message may be.
 */
export function contentText(content: unknown): string | undefined {
  let text: string;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content) && content.length <= MAX_CONTENT_PARTS && content.every(isTextPart)) {
    text = content.map((part) => part.text).join('\n');
  } else return undefined;
  return text.length <= MAX_MESSAGE_LENGTH ? text : undefined;
}

const IsMessageContent = (): PropertyDecorator =>
  ValidateBy({
    name: 'isMessageContent',
    validator: {
      validate: (value: unknown) => contentText(value) !== undefined,
      defaultMessage: () =>
        `content must be a string, or at most ${MAX_CONTENT_PARTS} parts of type "text" (no images or audio), of at most ${MAX_MESSAGE_LENGTH} characters`,
    },
  });

export class ChatCompletionMessageDto {
  @IsIn(COMPLETION_ROLES, { message: `role must be one of: ${COMPLETION_ROLES.join(', ')} (tool calls are not supported)` })
  role!: CompletionRole;

  @IsMessageContent()
  content!: string | TextPart[];

  /** OpenAI's participant name: accepted, not used. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;
}

export class StreamOptionsDto {
  /** Adds a last chunk with `usage` and no choices before `[DONE]`. */
  @IsOptional()
  @IsBoolean()
  include_usage?: boolean | null;
}

/**
 * `POST /v1/chat/completions` (docs/api.md, OpenAI-compatible API). Fields OpenAI has and
 * Switchboard lacks (tools, response formats, logprobs …) are refused as unknown fields, so a
 * client never silently gets less than it asked for.
 */
export class ChatCompletionRequestDto {
  /** A catalogue model id (`GET /v1/models`), or `topic:<task prompt topic>`. */
  @IsString()
  @Length(1, 200)
  model!: string;

  /** The last one, from the user, is the message answered; earlier ones are passed along as context. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COMPLETION_MESSAGES)
  @ValidateNested({ each: true })
  @Type(() => ChatCompletionMessageDto)
  messages!: ChatCompletionMessageDto[];

  @IsOptional()
  @IsBoolean()
  stream?: boolean | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => StreamOptionsDto)
  stream_options?: StreamOptionsDto | null;

  /*
   * Sampling parameters that OpenAI clients commonly send by default: accepted, so those clients
   * work, but not applied. How an answer is generated is the task prompt's and the model
   * settings' to decide, the same for every channel.
   */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number | null;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  top_p?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  max_tokens?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  max_completion_tokens?: number | null;

  /** One answer per request: the pipeline writes one. */
  @IsOptional()
  @IsIn([1], { message: 'n must be 1: Switchboard writes one answer per request' })
  n?: number | null;

  /** OpenAI's end-user id: accepted, not used (the API key says who is calling). */
  @IsOptional()
  @IsString()
  @Length(0, 256)
  user?: string;
}
