import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import type { AttachedFile, SessionTranscript, VisitorCitation, VisitorMessageRequest, VisitorTranscript, WidgetMessage, WidgetSession as WidgetSessionContract } from '../../../contracts/widgets';
import type { MessageDto } from '../../chat/dto/chat.dto';
import { IsTimeZone } from '../../chat/dto/time-zone';
import type { Citation } from '../../chat/message.entity';
import type { SessionMode, WidgetSession } from '../widget-session.entity';

export const MAX_VISITOR_MESSAGE_LENGTH = 4000;
/** Files one visitor message may attach. */
export const MAX_VISITOR_ATTACHMENTS = 5;

/** `POST /widget/:wid/message`. */
export class VisitorMessageDto implements VisitorMessageRequest {
  @IsString()
  @Length(1, MAX_VISITOR_MESSAGE_LENGTH)
  @Matches(/\S/, { message: 'message must not be blank' })
  message!: string;

  /** The page the visitor writes from, shown to operators. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pageUrl?: string;

  /** Files this visitor session uploaded (`POST /widget/:wid/files`), attached to the message. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VISITOR_ATTACHMENTS)
  @IsUUID(undefined, { each: true })
  fileIds?: string[];

  /** The visitor's IANA time zone, as on `POST /messages/stream`. */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

/** `POST /widgets/:wid/sessions/:sid/reply`. */
export class OperatorReplyDto {
  @IsString()
  @Length(1, MAX_VISITOR_MESSAGE_LENGTH)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}

export class SessionListQueryDto {
  @IsOptional()
  @IsIn(['ai', 'waiting', 'human'])
  mode?: SessionMode;
}

export class WidgetSessionDto implements WidgetSessionContract {
  id!: string;
  widgetId!: string;
  mode!: SessionMode;
  operatorName!: string | null;
  preview!: string;
  unread!: number;
  messageCount!: number;
  pageUrl!: string | null;
  createdAt!: string;
  lastMessageAt!: string;

  static from(session: WidgetSession): WidgetSessionDto {
    return {
      id: session.id,
      widgetId: session.widgetId,
      mode: session.mode,
      operatorName: session.operatorName,
      preview: session.preview,
      unread: session.unread,
      messageCount: session.messageCount,
      pageUrl: session.pageUrl,
      createdAt: session.createdAt.toISOString(),
      lastMessageAt: session.lastMessageAt.toISOString(),
    };
  }
}

export type { AttachedFile, VisitorCitation };

/** A message of a widget conversation, as visitors and operators see it. */
export class WidgetMessageDto implements WidgetMessage {
  id!: string;
  role!: 'visitor' | 'ai' | 'operator' | 'system';
  text!: string;
  createdAt!: string;
  status?: 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';
  trackId?: string;
  operatorName?: string;
  /** AI answers: the sources its `[n]` marks cite, when it has any. */
  citations?: VisitorCitation[];
  /** Visitor messages: the files attached (those the owner has not deleted since). */
  files?: AttachedFile[];

  static from(message: MessageDto): WidgetMessageDto {
    const base = { id: message.id, text: message.text, createdAt: message.createdAt };
    switch (message.role) {
      case 'user':
        return { ...base, role: 'visitor' };
      case 'assistant':
        return {
          ...base,
          role: 'ai',
          status: message.status,
          ...(message.trackId && !isFinished(message.status) ? { trackId: message.trackId } : {}),
          ...(message.citations.length > 0 ? { citations: message.citations.map(visitorCitation) } : {}),
        };
      case 'operator':
      case 'system':
        return { ...base, role: message.role, ...(message.authorName ? { operatorName: message.authorName } : {}) };
    }
  }
}

function isFinished(status: MessageDto['status']): boolean {
  return status === 'complete' || status === 'stopped' || status === 'failed';
}

export class TranscriptDto implements SessionTranscript {
  session!: WidgetSessionDto;
  messages!: WidgetMessageDto[];
}

export class VisitorTranscriptDto implements VisitorTranscript {
  session!: { mode: SessionMode };
  messages!: WidgetMessageDto[];
}

/** A citation as a visitor sees it: the passage and where it is, not the owner's file (which they cannot open). */
export function visitorCitation({ fileId: _fileId, ...citation }: Citation): VisitorCitation {
  return citation;
}
