import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { isDuplicateKeyError } from '../../common/database-errors';
import { WidgetSession, type SessionMode } from './widget-session.entity';

const LIST_LIMIT = 200;

/** Visitor sessions, always addressed by widget and session id together. */
@Injectable()
export class WidgetSessionsRepository {
  constructor(@InjectRepository(WidgetSession) private readonly sessions: Repository<WidgetSession>) {}

  find(widgetId: string, id: string): Promise<WidgetSession | null> {
    return this.sessions.findOneBy({ widgetId, id });
  }

  findByChat(chatId: string): Promise<WidgetSession | null> {
    return this.sessions.findOneBy({ chatId });
  }

  /** Inserts the session; false when one with its id already exists (two first messages at once). */
  async insert(session: WidgetSession): Promise<boolean> {
    try {
      await this.sessions.insert(session);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The most recently active first. */
  list(widgetId: string, mode?: SessionMode): Promise<WidgetSession[]> {
    return this.sessions.find({ where: mode ? { widgetId, mode } : { widgetId }, order: { lastMessageAt: 'DESC' }, take: LIST_LIMIT });
  }

  async chatIdsOf(widgetId: string): Promise<string[]> {
    const rows = await this.sessions.find({ select: { chatId: true }, where: { widgetId } });
    return rows.map((row) => row.chatId);
  }

  /** A new message in the session: counted, previewed, and unread when the visitor wrote it. */
  async recordMessage(session: WidgetSession, preview: string, at: Date, fromVisitor: boolean, pageUrl?: string): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .update(WidgetSession)
      .set({
        preview,
        lastMessageAt: at,
        messageCount: () => 'message_count + 1',
        ...(fromVisitor ? { unread: () => 'unread + 1' } : {}),
        ...(pageUrl ? { pageUrl } : {}),
      })
      .where('widget_id = :widgetId AND id = :id', { widgetId: session.widgetId, id: session.id })
      .execute();
  }

  /**
   * Moves the session to `mode` if it is in one of `from`, in one statement, so two operators (or
   * an operator and the visitor) cannot both win. True when it moved.
   */
  async changeMode(session: WidgetSession, from: SessionMode[], to: SessionMode, operator: { id: string; name: string } | null): Promise<boolean> {
    const result = await this.sessions.update(
      { widgetId: session.widgetId, id: session.id, mode: In(from) },
      { mode: to, operatorId: operator?.id ?? null, operatorName: operator?.name ?? null },
    );
    return (result.affected ?? 0) === 1;
  }

  async markRead(session: WidgetSession): Promise<void> {
    await this.sessions.update({ widgetId: session.widgetId, id: session.id }, { unread: 0 });
  }
}
