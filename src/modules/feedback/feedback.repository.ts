import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { Feedback } from './feedback.entity';

/** Feedback, always scoped by the user who gave it. */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectRepository(Feedback) private readonly feedback: Repository<Feedback>) {}

  /** Inserts or replaces the user's feedback on the answer; resolves with the row as stored. */
  async save(row: Omit<Feedback, 'updatedAt'>): Promise<Feedback> {
    await this.feedback.query(
      `INSERT INTO feedback (user_id, message_id, chat_id, kind, note, question, answer_excerpt)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE kind = VALUES(kind), note = VALUES(note), question = VALUES(question),
         answer_excerpt = VALUES(answer_excerpt), updated_at = CURRENT_TIMESTAMP(3)`,
      [row.userId, row.messageId, row.chatId, row.kind, row.note, row.question, row.answerExcerpt],
    );
    return (await this.find(row.userId, row.messageId)) as Feedback;
  }

  find(userId: string, messageId: string): Promise<Feedback | null> {
    return this.feedback.findOneBy({ userId, messageId });
  }

  findMany(userId: string, messageIds: string[]): Promise<Feedback[]> {
    return messageIds.length === 0 ? Promise.resolve([]) : this.feedback.findBy({ userId, messageId: In(messageIds) });
  }

  listAll(userId: string): Promise<Feedback[]> {
    return this.feedback.findBy({ userId });
  }

  listForChat(userId: string, chatId: string): Promise<Feedback[]> {
    return this.feedback.find({ where: { userId, chatId }, order: { updatedAt: 'DESC' } });
  }

  async delete(userId: string, messageId: string): Promise<boolean> {
    return ((await this.feedback.delete({ userId, messageId })).affected ?? 0) === 1;
  }
}
