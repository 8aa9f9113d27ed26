import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, type FindOptionsWhere, type Repository } from 'typeorm';
import { BatchedTransactions } from '../../infra/database/batched-transactions';
import { EntitySql } from '../../infra/database/entity-sql';
import { Chat } from './chat.entity';
import type { TaskTally } from './dto/chat.dto';
import { Message, type MessageStatus } from './message.entity';
import { MessageTask } from './message-task.entity';

/**
 * Messages and their task records. Reads for people are scoped by owner; the worker addresses a
 * message by id (it only ever receives ids the web role minted for that owner).
 */
@Injectable()
export class MessagesRepository {
  private readonly messageSql: EntitySql<Message>;
  private readonly chatSql: EntitySql<Chat>;

  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    @InjectRepository(MessageTask) private readonly tasks: Repository<MessageTask>,
    private readonly batches: BatchedTransactions,
  ) {
    this.messageSql = EntitySql.of(messages.manager.connection, Message);
    this.chatSql = EntitySql.of(messages.manager.connection, Chat);
  }

  /** A new message row, complete: the fields not given are empty. */
  static newMessage(fields: Pick<Message, 'chatId' | 'userId' | 'role' | 'text' | 'status' | 'createdAt'> & Partial<Message>): Message {
    return {
      id: randomUUID(),
      trackId: null,
      replyToId: null,
      topic: null,
      language: null,
      provider: null,
      model: null,
      usage: null,
      fileIds: [],
      citations: [],
      memoriesUsed: null,
      errorCode: null,
      errorMessage: null,
      authorName: null,
      thinking: null,
      thinkingMs: null,
      truncated: false,
      supersededAt: null,
      completedAt: null,
      ...fields,
    };
  }

  /**
   * Writes a question and its pending answer (and the chat they open, if new) in one commit, so one
   * log flush, and one round trip, on the path to the first answer token. Into an existing chat
   * that is one statement, atomic without a transaction; with a new chat, the chat's and the
   * messages' statements go as one transaction in one query (BatchedTransactions).
   */
  async insertTurn(messages: Message[], newChat?: Chat): Promise<void> {
    const turn = this.messageSql.insert(messages);
    if (!newChat) {
      await this.messages.manager.query(turn.sql, turn.parameters);
      return;
    }
    await this.batches.run([this.chatSql.insert([newChat]), turn]);
  }

  findOwned(userId: string, id: string): Promise<Message | null> {
    return this.messages.findOneBy({ id, userId });
  }

  findById(id: string): Promise<Message | null> {
    return this.messages.findOneBy({ id });
  }

  /** Marks a pending message as streaming; false when it is not pending, or not there. */
  async claimPending(id: string): Promise<boolean> {
    const { affectedRows } = await this.messages.manager.query<{ affectedRows: number }>("UPDATE messages SET status = 'streaming' WHERE id = ? AND status = 'pending'", [id]);
    return affectedRows === 1;
  }

  /** A page of a chat, oldest first; `before` pages backwards by creation time. */
  async listForChat(userId: string, chatId: string, limit: number, before?: Date): Promise<Message[]> {
    const where: FindOptionsWhere<Message> = before ? { userId, chatId, createdAt: LessThan(before) } : { userId, chatId };
    const page = await this.messages.find({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return page.reverse();
  }

  /** The newest `limit` finished turns created before `before`, oldest first. */
  async recentTurns(chatId: string, before: Date, limit: number): Promise<Message[]> {
    const page = await this.finishedTurns(chatId)
      .andWhere('m.created_at < :before', { before })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(limit)
      .getMany();
    return page.reverse();
  }

  /** Finished turns created after `after` (from the start when null) and before `before`, oldest first. */
  turnsBetween(chatId: string, after: Date | null, before: Date): Promise<Message[]> {
    const query = this.finishedTurns(chatId).andWhere('m.created_at < :before', { before });
    if (after) query.andWhere('m.created_at > :after', { after });
    return query.orderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').getMany();
  }

  /**
   * What a conversation consists of: what people said, and answers that were given (even if
   * stopped) and not since replaced by a newer version. System lines (a takeover, a handback) are
   * not part of it.
   */
  private finishedTurns(chatId: string) {
    return this.messages
      .createQueryBuilder('m')
      .where('m.chat_id = :chatId', { chatId })
      .andWhere("(m.role = 'user' OR (m.role IN ('assistant', 'operator') AND m.status IN ('complete', 'stopped') AND m.superseded_at IS NULL))");
  }

  /**
   * The answer's final state and its chat's last activity, in one commit, if the answer is still
   * being written. False when it had already ended: another run of its job finished it (a worker
   * thought dead that was only stalled), which alone may announce and deliver it. True, with
   * nothing written, when the answer is gone (its chat deleted meanwhile).
   */
  async finishAnswer(id: string, chatId: string, completedAt: Date, changes: Partial<Message>): Promise<boolean> {
    // One multi-table UPDATE: one round trip and one commit where a transaction took four, as every
    // answer ends. It locks the message's row before its chat's (the message is found by its key
    // first), the order `insertFinished` is written against.
    const message = this.messageSql.assignments('m', { ...changes, completedAt });
    const chat = this.chatSql.assignments('c', { lastMessageAt: completedAt });
    const { affectedRows } = await this.messages.manager.query<{ affectedRows: number }>(
      `UPDATE messages m JOIN chats c ON c.id = m.chat_id SET ${message.sql}, ${chat.sql}
       WHERE m.id = ? AND c.id = ? AND m.status IN ('pending', 'streaming')`,
      [...message.parameters, ...chat.parameters, id, chatId],
    );
    return affectedRows > 0 || !(await this.messages.existsBy({ id }));
  }

  /**
   * Inserts one finished message (an operator's reply, a system line) and marks its chat active,
   * in one commit. The chat row is locked first: inserting first would take a shared lock on it
   * (the foreign key check) and then need it exclusively, which deadlocks against an answer
   * finishing in the same chat (finishAnswer waits for that row while holding its message).
   */
  async insertFinished(message: Message): Promise<void> {
    await this.messages.manager.transaction(async (manager) => {
      await manager.update(Chat, { id: message.chatId }, { lastMessageAt: message.createdAt });
      await manager.insert(Message, message);
    });
  }

  /** The chat's newest question (user message), or null. */
  latestQuestion(chatId: string): Promise<Message | null> {
    return this.messages.findOne({ where: { chatId, role: 'user' }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /**
   * Adds a new version of the answer to `answer.replyToId` (pending), in one commit with the
   * question's new text when it was edited: the versions before it are superseded.
   */
  async insertVersion(answer: Message, editedQuestion?: string): Promise<void> {
    await this.messages.manager.transaction(async (manager) => {
      const questionId = answer.replyToId as string;
      if (editedQuestion !== undefined) await manager.update(Message, { id: questionId }, { text: editedQuestion });
      await manager.update(Message, { chatId: answer.chatId, replyToId: questionId, role: 'assistant', supersededAt: IsNull() }, { supersededAt: answer.createdAt });
      await manager.insert(Message, answer);
    });
  }

  /**
   * Opens a finished answer again to be continued on `trackId`, keeping its text: only if it is
   * still finished as `status` (false when another request reopened it first).
   */
  async reopenToContinue(id: string, status: MessageStatus, trackId: string): Promise<boolean> {
    const result = await this.messages.update({ id, status }, { status: 'pending', trackId, truncated: false, completedAt: null, errorCode: null, errorMessage: null });
    return (result.affected ?? 0) > 0;
  }

  /** The tracks of the chat's answers still being written. */
  async unfinishedTracks(chatId: string): Promise<string[]> {
    const rows = await this.messages.find({ select: { trackId: true }, where: { chatId, role: 'assistant', status: In(['pending', 'streaming']) } });
    return rows.flatMap((row) => (row.trackId ? [row.trackId] : []));
  }

  async update(id: string, changes: Partial<Message>): Promise<void> {
    await this.messages.update({ id }, changes);
  }

  async upsertTask(task: MessageTask): Promise<void> {
    await this.tasks.upsert(task, ['messageId', 'nodeId']);
  }

  async deleteTasks(messageId: string): Promise<void> {
    await this.tasks.delete({ messageId });
  }

  tasksOf(messageId: string): Promise<MessageTask[]> {
    return this.tasks.find({ where: { messageId }, order: { position: 'ASC' } });
  }

  /** How many task records each of the messages has, and how many are done, in one grouped query; messages without any are absent. */
  async taskTallies(messageIds: string[]): Promise<Map<string, TaskTally>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.tasks
      .createQueryBuilder('t')
      .select('t.message_id', 'messageId')
      .addSelect('COUNT(*)', 'count')
      .addSelect("SUM(t.state = 'done')", 'done')
      .where('t.message_id IN (:...messageIds)', { messageIds })
      .groupBy('t.message_id')
      .getRawMany<{ messageId: string; count: string | number; done: string | number }>();
    return new Map(rows.map((row) => [row.messageId, { count: Number(row.count), done: Number(row.done) }]));
  }
}
