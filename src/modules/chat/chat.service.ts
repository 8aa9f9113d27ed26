import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { FilesService } from '../files/files.service';
import { UserChannel } from '../realtime/user-channel.service';
import type { Channel, Chat } from './chat.entity';
import { ChatsRepository } from './chats.repository';
import { ChatDto, MessageDetailDto, MessageDto, NO_TASKS, TaskRecordDto, type PageQueryDto, type UpdateChatDto } from './dto/chat.dto';
import type { Message } from './message.entity';
import { MessagesRepository } from './messages.repository';

const DEFAULT_PAGE = 50;

/** Chats and their messages as their owner reads and manages them. */
@Injectable()
export class ChatService {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
    private readonly files: FilesService,
    private readonly userChannel: UserChannel,
  ) {}

  async create(userId: string, channel: Channel, title = ''): Promise<ChatDto> {
    const chat = ChatsRepository.newChat({ id: randomUUID(), userId, title: title.trim().slice(0, 200), channel });
    await this.chats.insert(chat);
    this.userChannel.notify(userId, 'chat.created', { chatId: chat.id });
    return ChatDto.from(chat);
  }

  async list(userId: string, page: PageQueryDto): Promise<ChatDto[]> {
    const chats = await this.chats.listOwned(userId, page.limit ?? DEFAULT_PAGE, page.before ? new Date(page.before) : undefined);
    return chats.map((chat) => ChatDto.from(chat));
  }

  async get(userId: string, chatId: string): Promise<ChatDto> {
    return ChatDto.from(await this.findOwned(userId, chatId));
  }

  /** Changes the chat's settings (for now: whether memories are used in it). */
  async update(userId: string, chatId: string, changes: UpdateChatDto): Promise<ChatDto> {
    const chat = await this.findOwned(userId, chatId);
    if (changes.memoryEnabled !== undefined && changes.memoryEnabled !== chat.memoryEnabled) {
      await this.chats.setMemoryEnabled(userId, chatId, changes.memoryEnabled);
      chat.memoryEnabled = changes.memoryEnabled;
      this.userChannel.notify(userId, 'chat.updated', { chatId });
    }
    return ChatDto.from(chat);
  }

  async delete(userId: string, chatId: string): Promise<void> {
    if (!(await this.chats.deleteOwned(userId, chatId))) throw notFound('chat');
    this.userChannel.notify(userId, 'chat.deleted', { chatId });
  }

  async listMessages(userId: string, chatId: string, page: PageQueryDto): Promise<MessageDto[]> {
    await this.findOwned(userId, chatId);
    const rows = await this.messages.listForChat(userId, chatId, page.limit ?? DEFAULT_PAGE, page.before ? new Date(page.before) : undefined);
    // Only answers have task records: one grouped count for the page's answers, not a query each.
    const tallies = await this.messages.taskTallies(rows.filter((message) => message.role === 'assistant').map((message) => message.id));
    return rows.map((message) => MessageDto.from(message, tallies.get(message.id) ?? NO_TASKS));
  }

  /** The caller's message, or null (also for other people's): for features acting on one message (feedback, memories). */
  async findMessage(userId: string, messageId: string): Promise<MessageDto | null> {
    const message = await this.messages.findOwned(userId, messageId);
    if (!message) return null;
    const tallies = await this.messages.taskTallies(message.role === 'assistant' ? [message.id] : []);
    return MessageDto.from(message, tallies.get(message.id) ?? NO_TASKS);
  }

  /** One message with its task records and the files it carries or produced. */
  async getMessage(userId: string, messageId: string): Promise<MessageDetailDto> {
    const message = await this.messages.findOwned(userId, messageId);
    if (!message) throw notFound('message');
    const [tasks, generated, attached] = await Promise.all([
      this.messages.tasksOf(message.id),
      this.files.listForMessage(userId, message.id),
      message.role === 'user' ? this.files.getMany(userId, message.fileIds).catch(() => []) : Promise.resolve([]),
    ]);
    const tally = { count: tasks.length, done: tasks.filter((task) => task.state === 'done').length };
    return { ...MessageDto.from(message, tally), tasks: tasks.map((task) => TaskRecordDto.from(task)), files: [...attached, ...generated] };
  }

  /** Deletes the owner's chats among `chatIds`, with their messages, quietly (they were never in the chat list). */
  async deleteMany(userId: string, chatIds: string[]): Promise<void> {
    await this.chats.deleteManyOwned(userId, chatIds);
  }

  /**
   * Adds a message the AI does not answer to the owner's chat, stored complete: a visitor's
   * message while a person handles the conversation (`user`), a person's reply (`operator`), or a
   * line recording what happened (`system`). `authorName` names the person, where there is one;
   * `fileIds`, the files a visitor attached.
   */
  async addFinishedMessage(userId: string, chatId: string, role: 'user' | 'operator' | 'system', text: string, authorName: string | null = null, fileIds: string[] = []): Promise<MessageDto> {
    const now = new Date();
    const message = MessagesRepository.newMessage({ chatId, userId, role, text, status: 'complete', authorName, fileIds, createdAt: now, completedAt: now });
    await this.messages.insertFinished(message);
    return MessageDto.from(message, NO_TASKS);
  }

  /** The tracks of the chat's answers still being written (to stop them). */
  unfinishedTracks(chatId: string): Promise<string[]> {
    return this.messages.unfinishedTracks(chatId);
  }

  async exists(userId: string, chatId: string): Promise<boolean> {
    return (await this.chats.findOwned(userId, chatId)) !== null;
  }

  /** The caller's chat with their own message `messageId` in it (null when it is not one), in one read; null without the chat. */
  findOwnQuestion(userId: string, chatId: string, messageId: string): Promise<{ chat: Chat; question: Message | null } | null> {
    return this.chats.findOwnedWithQuestion(userId, chatId, messageId);
  }

  /** The caller's chat, or NOT_FOUND (also for other people's chats: existence is not revealed). */
  async findOwned(userId: string, chatId: string): Promise<Chat> {
    const chat = await this.chats.findOwned(userId, chatId);
    if (!chat) throw notFound('chat');
    return chat;
  }
}

function notFound(what: string): AppException {
  return new AppException(ErrorCode.NotFound, `No such ${what}.`);
}
