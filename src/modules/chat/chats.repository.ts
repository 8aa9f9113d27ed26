import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Not, type Repository } from 'typeorm';
import { Chat } from './chat.entity';
import { Message } from './message.entity';

/** Chats, always scoped by their owner. */
@Injectable()
export class ChatsRepository {
  constructor(@InjectRepository(Chat) private readonly chats: Repository<Chat>) {}

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
    const found = await this.chats
      .createQueryBuilder('chat')
      .leftJoinAndMapOne('chat.question', Message, 'question', "question.id = :messageId AND question.chat_id = chat.id AND question.user_id = chat.user_id AND question.role = 'user'", { messageId })
      .where('chat.id = :chatId AND chat.user_id = :userId', { chatId, userId })
      .getOne();
    if (!found) return null;
    const { question, ...chat } = found as Chat & { question?: Message };
    return { chat, question: question ?? null };
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
