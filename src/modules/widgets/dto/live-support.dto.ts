import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { MessageDto } from '../../chat/dto/chat.dto';
import type { SessionMode, WidgetSession } from '../widget-session.entity';

export const MAX_VISITOR_MESSAGE_LENGTH = 4000;

/** `POST /widget/:wid/message`. */
export class VisitorMessageDto {
  @IsString()
  @Length(1, MAX_VISITOR_MESSAGE_LENGTH)
  @Matches(/\S/, { message: 'message must not be blank' })
  message!: string;

  /** The page the visitor writes from, shown to operators. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pageUrl?: string;
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

export class WidgetSessionDto {
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

/** A message of a widget conversation, as visitors and operators see it. */
export class WidgetMessageDto {
  id!: string;
  role!: 'visitor' | 'ai' | 'operator' | 'system';
  text!: string;
  createdAt!: string;
  status?: 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';
  trackId?: string;
  operatorName?: string;

  static from(message: MessageDto): WidgetMessageDto {
    const base = { id: message.id, text: message.text, createdAt: message.createdAt };
    switch (message.role) {
      case 'user':
        return { ...base, role: 'visitor' };
      case 'assistant':
        return { ...base, role: 'ai', status: message.status, ...(message.trackId && !isFinished(message.status) ? { trackId: message.trackId } : {}) };
      case 'operator':
      case 'system':
        return { ...base, role: message.role, ...(message.authorName ? { operatorName: message.authorName } : {}) };
    }
  }
}

function isFinished(status: MessageDto['status']): boolean {
  return status === 'complete' || status === 'stopped' || status === 'failed';
}

export class TranscriptDto {
  session!: WidgetSessionDto;
  messages!: WidgetMessageDto[];
}

export class VisitorTranscriptDto {
  session!: { mode: SessionMode };
  messages!: WidgetMessageDto[];
}
