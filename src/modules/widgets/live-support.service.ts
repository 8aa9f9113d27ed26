import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { TrackControlService } from '../../infra/stream/track-control.service';
import { AnswerDeliveries, type FinishedTurn } from '../chat/answer-deliveries';
import { ChatService } from '../chat/chat.service';
import type { MessageDto } from '../chat/dto/chat.dto';
import { SendMessageService } from '../chat/send-message.service';
import { TrackRegistry } from '../chat/track-registry';
import { UsersService } from '../users/users.service';
import { TranscriptDto, VisitorTranscriptDto, WidgetMessageDto, WidgetSessionDto, type VisitorMessageDto } from './dto/live-support.dto';
import { LiveSupportEvents, type NotificationKind } from './live-support-events';
import { VisitorLimits } from './visitor-limits';
import { VisitorUploads } from './visitor-uploads.service';
import { WidgetSession, type SessionMode } from './widget-session.entity';
import { WidgetSessionsRepository } from './widget-sessions.repository';
import type { Widget } from './widget.entity';
import { WidgetsService } from './widgets.service';

/** The last this many messages make a transcript. */
const TRANSCRIPT_LENGTH = 200;
const PREVIEW_LENGTH = 140;

/** What became of a visitor's message: the AI answers it on `trackId`, or it waits for a person. */
export type VisitorMessageOutcome = { kind: 'answer'; trackId: string } | { kind: 'held'; mode: SessionMode; message: WidgetMessageDto };

interface Operator {
  id: string;
  name: string;
}

/**
 * Widget conversations (docs/widgets.md): visitors' messages, answered by the AI while the session
 * is in `ai` mode and held for a person otherwise; operators' takeover, reply and handback. Every
 * change is published on the session's channel (the visitor and the operators) and, for the
 * session list, on the widget's operators channel.
 */
@Injectable()
export class LiveSupportService implements OnModuleInit {
  constructor(
    private readonly widgets: WidgetsService,
    private readonly sessions: WidgetSessionsRepository,
    private readonly chats: ChatService,
    private readonly sender: SendMessageService,
    private readonly tracks: TrackRegistry,
    private readonly control: TrackControlService,
    private readonly users: UsersService,
    private readonly events: LiveSupportEvents,
    private readonly limits: VisitorLimits,
    private readonly deliveries: AnswerDeliveries,
    private readonly uploads: VisitorUploads,
  ) {}

  onModuleInit(): void {
    this.deliveries.register('widget', (turn) => this.answerFinished(turn));
  }

  // ── Visitors ──────────────────────────────────────────────────────────────────────────────

  async visitorMessage(widget: Widget, sessionId: string, dto: VisitorMessageDto, ip: string): Promise<VisitorMessageOutcome> {
    if (!widget.active) throw new AppException(ErrorCode.WidgetInactive, 'This chat is switched off at the moment.');
    await this.limits.chargeMessage(widget.id, sessionId, ip);
    const fileIds = [...new Set(dto.fileIds ?? [])];
    const files = await this.uploads.attachable(widget, sessionId, fileIds);
    const withFiles = files.length > 0 ? { files } : {};
    const { session, created } = await this.sessionFor(widget, sessionId, dto.message);
    const pageUrl = dto.pageUrl?.trim() || undefined;

    if (session.mode !== 'ai') {
      const stored = await this.chats.addFinishedMessage(widget.userId, session.chatId, 'user', dto.message, null, fileIds);
      const message = { ...WidgetMessageDto.from(stored), ...withFiles };
      await this.recorded(session, message, { visitor: true, pageUrl, kind: created ? 'session' : 'message' });
      return { kind: 'held', mode: session.mode, message };
    }

    const started = await this.sender.start(
      widget.userId,
      { message: dto.message, chatId: session.chatId, fileIds, timeZone: dto.timeZone, ...(widget.taskPromptTopic ? { promptTopic: widget.taskPromptTopic } : {}) },
      'widget',
      // One answer at a time per visitor, and never at the expense of the owner's own slots.
      { holder: `widget:${widget.id}:${session.id}`, limit: 1 },
    );
    // A takeover that came between reading the mode and storing the answer did not see the
    // answer to stop it; reading the mode again after it was stored closes that gap.
    if ((await this.sessions.find(widget.id, session.id))?.mode !== 'ai') await this.control.requestStop(started.trackId);
    const message: WidgetMessageDto = { id: started.userMessageId, role: 'visitor', text: dto.message, createdAt: new Date().toISOString(), ...withFiles };
    await this.recorded(session, message, { visitor: true, pageUrl, kind: created ? 'session' : 'message' });
    await this.events.toSession(session, 'answer', { messageId: started.messageId, trackId: started.trackId });
    return { kind: 'answer', trackId: started.trackId };
  }

  /** The visitor asks for a person: `ai` → `waiting` (any other mode stays as it is). */
  async handoff(widget: Widget, sessionId: string): Promise<{ mode: SessionMode }> {
    const session = await this.visitorSession(widget, sessionId);
    if (!(await this.sessions.changeMode(session, ['ai'], 'waiting', null))) return { mode: session.mode };
    await this.control.requestStops(await this.chats.unfinishedTracks(session.chatId));
    const line = await this.systemLine(widget, session, 'The visitor asked to talk to a person.');
    await this.events.toSession(session, 'handoff', {});
    await this.recorded(session, line, { visitor: false, kind: 'handoff' });
    return { mode: 'waiting' };
  }

  async visitorTranscript(widget: Widget, sessionId: string): Promise<VisitorTranscriptDto> {
    const session = await this.visitorSession(widget, sessionId);
    return { session: { mode: session.mode }, messages: await this.messagesOf(widget, session) };
  }

  /** The track of an answer in this visitor's conversation, or NOT_FOUND. */
  async visitorTrack(widget: Widget, sessionId: string, trackId: string): Promise<void> {
    const [session, owner] = await Promise.all([this.visitorSession(widget, sessionId), this.tracks.ownerOf(trackId)]);
    if (owner?.chatId !== session.chatId) throw new AppException(ErrorCode.NotFound, 'No such stream (it may have expired).');
  }

  /** The visitor's session, or NOT_FOUND (the same for another widget's session: ids are not revealed). */
  async visitorSession(widget: Widget, sessionId: string): Promise<WidgetSession> {
    const session = await this.sessions.find(widget.id, sessionId);
    if (!session) throw new AppException(ErrorCode.NotFound, 'No such widget session.');
    return session;
  }

  // ── Operators (the widget's owner) ────────────────────────────────────────────────────────

  async listSessions(userId: string, widgetId: string, mode?: SessionMode): Promise<WidgetSessionDto[]> {
    await this.widgets.findOwned(userId, widgetId);
    return (await this.sessions.list(widgetId, mode)).map((session) => WidgetSessionDto.from(session));
  }

  /** The session and its transcript; the operator has now read it. */
  async transcript(userId: string, widgetId: string, sessionId: string): Promise<TranscriptDto> {
    const { widget, session } = await this.owned(userId, widgetId, sessionId);
    const messages = await this.messagesOf(widget, session);
    if (session.unread > 0) await this.markRead(userId, widgetId, sessionId);
    return { session: WidgetSessionDto.from({ ...session, unread: 0 }), messages };
  }

  async markRead(userId: string, widgetId: string, sessionId: string): Promise<void> {
    const { session } = await this.owned(userId, widgetId, sessionId);
    await this.sessions.markRead(session);
    await this.events.toOperators(widgetId, 'session', WidgetSessionDto.from({ ...session, unread: 0 }));
  }

  /**
   * A person takes the conversation: the session moves to `human` and an answer the AI is still
   * writing is stopped (it keeps what it had written). Idempotent.
   */
  async takeover(userId: string, widgetId: string, sessionId: string): Promise<WidgetSessionDto> {
    const { widget, session } = await this.owned(userId, widgetId, sessionId);
    const operator = await this.operator(userId);
    if (await this.sessions.changeMode(session, ['ai', 'waiting'], 'human', operator)) {
      await this.control.requestStops(await this.chats.unfinishedTracks(session.chatId));
      const line = await this.systemLine(widget, session, `${operator.name} joined the conversation.`, operator.name);
      await this.events.toSession(session, 'takeover', { operatorName: operator.name });
      await this.recorded(session, line, { visitor: false });
    }
    return this.current(widget, session);
  }

  /** The AI answers again, from the visitor's next message on. Idempotent. */
  async handback(userId: string, widgetId: string, sessionId: string): Promise<WidgetSessionDto> {
    const { widget, session } = await this.owned(userId, widgetId, sessionId);
    const operator = await this.operator(userId);
    if (await this.sessions.changeMode(session, ['human', 'waiting'], 'ai', null)) {
      const line = await this.systemLine(widget, session, `${operator.name} handed the conversation back to the AI assistant.`, operator.name);
      await this.events.toSession(session, 'handback', {});
      await this.recorded(session, line, { visitor: false });
    }
    return this.current(widget, session);
  }

  /** An operator's message to the visitor; only once a person has taken the session over. */
  async reply(userId: string, widgetId: string, sessionId: string, text: string): Promise<WidgetMessageDto> {
    const { widget, session } = await this.owned(userId, widgetId, sessionId);
    if (session.mode !== 'human') {
      throw new AppException(ErrorCode.SessionNotTakenOver, 'Take the conversation over before replying: the AI is answering this visitor.');
    }
    const operator = await this.operator(userId);
    const message = WidgetMessageDto.from(await this.chats.addFinishedMessage(widget.userId, session.chatId, 'operator', text, operator.name));
    await this.recorded(session, message, { visitor: false });
    return message;
  }

  // ── Shared ────────────────────────────────────────────────────────────────────────────────

  /** An AI answer to a widget visitor ended (worker role): the visitor's other tabs and the operators see it. */
  private async answerFinished(turn: FinishedTurn): Promise<void> {
    const session = await this.sessions.findByChat(turn.chatId);
    if (!session) return;
    const message: WidgetMessageDto = { id: turn.messageId, role: 'ai', text: turn.text, createdAt: turn.completedAt.toISOString(), status: turn.status };
    await this.recorded(session, message, { visitor: false });
  }

  /**
   * Records a new message on the session (count, preview, unread) and tells everyone: the message
   * on the session channel; the list row, and for `kind` a notification, on the operators channel.
   */
  private async recorded(session: WidgetSession, message: WidgetMessageDto, options: { visitor: boolean; pageUrl?: string; kind?: NotificationKind }): Promise<void> {
    const preview = previewOf(message.text);
    const at = new Date(message.createdAt);
    await this.sessions.recordMessage(session, preview, at, options.visitor, options.pageUrl);
    await this.events.toSession(session, 'message', message);
    const updated = (await this.sessions.find(session.widgetId, session.id)) ?? session;
    await this.events.toOperators(session.widgetId, 'session', WidgetSessionDto.from(updated));
    if (options.kind) await this.events.toOperators(session.widgetId, 'notification', { kind: options.kind, sessionId: session.id, preview });
  }

  private async systemLine(widget: Widget, session: WidgetSession, text: string, operatorName: string | null = null): Promise<WidgetMessageDto> {
    return WidgetMessageDto.from(await this.chats.addFinishedMessage(widget.userId, session.chatId, 'system', text, operatorName));
  }

  /**
   * The visitor's session, created with its conversation at its first message. Two first messages
   * at once both try; the one whose insert loses drops the chat it made and uses the winner's.
   */
  private async sessionFor(widget: Widget, sessionId: string, firstMessage: string): Promise<{ session: WidgetSession; created: boolean }> {
    const existing = await this.sessions.find(widget.id, sessionId);
    if (existing) return { session: existing, created: false };
    const chat = await this.chats.create(widget.userId, 'widget', `${widget.name}: ${previewOf(firstMessage, 60)}`);
    const now = new Date();
    const session: WidgetSession = {
      widgetId: widget.id,
      id: sessionId,
      chatId: chat.id,
      mode: 'ai',
      operatorId: null,
      operatorName: null,
      preview: '',
      unread: 0,
      messageCount: 0,
      pageUrl: null,
      createdAt: now,
      lastMessageAt: now,
    };
    if (await this.sessions.insert(session)) return { session, created: true };
    await this.chats.deleteMany(widget.userId, [chat.id]);
    return { session: await this.visitorSession(widget, sessionId), created: false };
  }

  private async messagesOf(widget: Widget, session: WidgetSession): Promise<WidgetMessageDto[]> {
    const messages: MessageDto[] = await this.chats.listMessages(widget.userId, session.chatId, { limit: TRANSCRIPT_LENGTH });
    return Promise.all(
      messages.map(async (message) => {
        const dto = WidgetMessageDto.from(message);
        if (message.role !== 'user' || message.fileIds.length === 0) return dto;
        const files = await this.uploads.attachedTo(widget.userId, message.fileIds);
        return files.length > 0 ? { ...dto, files } : dto;
      }),
    );
  }

  private async owned(userId: string, widgetId: string, sessionId: string): Promise<{ widget: Widget; session: WidgetSession }> {
    const widget = await this.widgets.findOwned(userId, widgetId);
    const session = await this.sessions.find(widgetId, sessionId);
    if (!session) throw new AppException(ErrorCode.NotFound, 'No such widget session.');
    return { widget, session };
  }

  private async current(widget: Widget, session: WidgetSession): Promise<WidgetSessionDto> {
    return WidgetSessionDto.from((await this.sessions.find(widget.id, session.id)) ?? session);
  }

  private async operator(userId: string): Promise<Operator> {
    const user = await this.users.findById(userId);
    return { id: userId, name: user?.name || 'An operator' };
  }
}

function previewOf(text: string, length = PREVIEW_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
