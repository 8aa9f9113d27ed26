import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Not, type Repository } from 'typeorm';
import { EntitySql } from '../../infra/database/entity-sql';
import { Chat } from './chat.entity';
import { Message } from './message.entity';

/** Chats, always scoped by their owner. */
@Injectable()
export class ChatsRepository {
  private readonly chatSql: EntitySql<Chat>;
  private readonly messageSql: EntitySql<Message>;

  constructor(@InjectRepository(Chat) private readonly chats: Repository<Chat>) {
    this.chatSql = EntitySql.of(chats.manager.connection, Chat);
    this.messageSql = EntitySql.of(chats.manager.connection, Message);
  }

  /** A new chat row, complete, for `MessagesRepository.insertTurn` to write with its first turn. */
  static newChat(chat: Pick<Chat, 'id' | 'userId' | 'title' | 'channel'>): Chat {
    const now = new Date();
    return { ...chat, summary: null, summarizedUntil: null, memoryEnabled: true, lastMessageAt: now, createdAt: now, updatedAt: now };
  }

  async insert(chat: Chat): Promise<void> {
    await this.chats.insert(chat);
  }

  findOwned(userId: string, id: string): Promise<Chat | null> {
    return this.chats.findOneBy({ id, userId });
  }

  /**
   * The owner's chat and, when it is the user's own message in that chat, `messageId`: one query
   * (null: no such chat of theirs; `question` null: no such message of the user there).
   */
  async findOwnedWithQuestion(userId: string, chatId: string, messageId: string): Promise<{ chat: Chat; question: Message | null } | null> {
    // Written out, not built by the query builder: every message's memory extraction reads this.
    const [row] = await this.chats.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${this.chatSql.columns('c')}, ${this.messageSql.columns('q')} FROM chats c
       LEFT JOIN messages q ON q.id = ? AND q.chat_id = c.id AND q.user_id = c.user_id AND q.role = 'user'
       WHERE c.id = ? AND c.user_id = ?`,
      [messageId, chatId, userId],
    );
    return row ? { chat: this.chatSql.hydrate(row, 'c'), question: this.messageSql.hydrateJoined(row, 'q') } : null;
  }

  /** For the worker, which receives chat ids minted by the web role for their owner. */
  findById(id: string): Promise<Chat | null> {
    return this.chats.findOneBy({ id });
  }

  /**
   * Most recently active first; `before` pages by last activity. Widget conversations are left
   * out: they are the visitors', followed in live support rather than the owner's chat list.
   */
  listOwned(userId: string, limit: number, before?: Date): Promise<Chat[]> {
    const channel = Not<Chat['channel']>('widget');
    return this.chats.find({
      where: before ? { userId, channel, lastMessageAt: LessThan(before) } : { userId, channel },
      order: { lastMessageAt: 'DESC' },
      take: limit,
    });
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    return ((await this.chats.delete({ id, userId })).affected ?? 0) === 1;
  }

  async deleteManyOwned(userId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.chats.delete({ userId, id: In(ids) });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.chats.update({ id }, { lastMessageAt: at });
  }

  async setMemoryEnabled(userId: string, id: string, enabled: boolean): Promise<void> {
    await this.chats.update({ id, userId }, { memoryEnabled: enabled });
  }

  async saveSummary(id: string, summary: string, until: Date): Promise<void> {
    await this.chats.update({ id }, { summary, summarizedUntil: until });
  }
}
