import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { Chat } from './chat.entity';

/** Chats, always scoped by their owner. */
@Injectable()
export class ChatsRepository {
  constructor(@InjectRepository(Chat) private readonly chats: Repository<Chat>) {}

  /** A new chat row, complete, for `MessagesRepository.insertTurn` to write with its first turn. */
  static newChat(chat: Pick<Chat, 'id' | 'userId' | 'title' | 'channel'>): Chat {
    const now = new Date();
    return { ...chat, summary: null, summarizedUntil: null, lastMessageAt: now, createdAt: now, updatedAt: now };
  }

  async insert(chat: Chat): Promise<void> {
    await this.chats.insert(chat);
  }

  findOwned(userId: string, id: string): Promise<Chat | null> {
    return this.chats.findOneBy({ id, userId });
  }

  /** For the worker, which receives chat ids minted by the web role for their owner. */
  findById(id: string): Promise<Chat | null> {
    return this.chats.findOneBy({ id });
  }

  /** Most recently active first; `before` pages by last activity. */
  listOwned(userId: string, limit: number, before?: Date): Promise<Chat[]> {
    return this.chats.find({
      where: before ? { userId, lastMessageAt: LessThan(before) } : { userId },
      order: { lastMessageAt: 'DESC' },
      take: limit,
    });
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    return ((await this.chats.delete({ id, userId })).affected ?? 0) === 1;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.chats.update({ id }, { lastMessageAt: at });
  }

  async saveSummary(id: string, summary: string, until: Date): Promise<void> {
    await this.chats.update({ id }, { summary, summarizedUntil: until });
  }
}
