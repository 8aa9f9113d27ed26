import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { Channel, Chat } from './chat.entity';
import { ChatService } from './chat.service';
import type { EditMessageDto, RegenerateDto } from './dto/chat-actions.dto';
import type { Message } from './message.entity';
import { MessagesRepository } from './messages.repository';
import { SendMessageService, type StartedAnswer } from './send-message.service';

/**
 * Conversations whose questions are the account user's own (the web app, the API). On a widget,
 * WhatsApp or e-mail the questions are a visitor's or a contact's, and what was answered there
 * was already delivered to them: it is not the owner's to answer again.
 */
const ACTION_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['web', 'api']);

/**
 * The chat actions on a chat's latest turn (docs/api.md, chat actions): answer the question again
 * (optionally with another model), edit the question and answer it anew, and continue an answer
 * that was cut off at the token limit or stopped. Each starts an answer the way sending does
 * (SendMessageService.launch) and streams it the same way. Earlier answers stay as versions.
 */
@Injectable()
export class ChatActionsService {
  constructor(
    private readonly chats: ChatService,
    private readonly messages: MessagesRepository,
    private readonly sender: SendMessageService,
  ) {}

  /** A new version of the answer `answerId` to its question; the answer it replaces stays as a version. */
  async regenerate(userId: string, answerId: string, dto: RegenerateDto): Promise<StartedAnswer> {
    const answer = await this.owned(userId, answerId, 'assistant');
    const { chat, question } = await this.latestTurn(userId, answer);
    if (answer.supersededAt) throw notLatest();
    if (dto.modelId) await this.sender.checkModel(userId, dto.modelId);
    return this.answerAgain(userId, chat, question, dto);
  }

  /** The user's latest message `questionId` gets `dto.message` as its text and is answered anew. */
  async editAndResend(userId: string, questionId: string, dto: EditMessageDto): Promise<StartedAnswer> {
    const question = await this.owned(userId, questionId, 'user');
    const { chat } = await this.latestTurn(userId, question);
    if (dto.modelId) await this.sender.checkModel(userId, dto.modelId);
    return this.answerAgain(userId, chat, { ...question, text: dto.message }, dto, dto.message);
  }

  /**
   * The model goes on from where the answer `answerId` ended (cut off at the token limit, or
   * stopped), appending to it: the same message, on a new track. The same model continues,
   * if it is still available.
   */
  async continue(userId: string, answerId: string): Promise<StartedAnswer> {
    const answer = await this.owned(userId, answerId, 'assistant');
    const { chat, question } = await this.latestTurn(userId, answer);
    if (answer.supersededAt) throw notLatest();
    const finished = answer.status === 'stopped' || (answer.status === 'complete' && answer.truncated);
    if (!finished || !answer.text) {
      throw new AppException(ErrorCode.NothingToContinue, 'Only an answer cut off at the length limit, or stopped, can be continued.');
    }
    const modelId = answer.provider && answer.model ? await this.stillAvailable(userId, `${answer.provider}:${answer.model}`) : null;
    const trackId = randomUUID();
    const status = answer.status;
    return this.sender.launch({
      userId,
      chat,
      inbound: question,
      answer: { ...answer, trackId, status: 'pending' },
      newChat: false,
      write: async () => {
        if (!(await this.messages.reopenToContinue(answer.id, status, trackId))) throw inProgress();
      },
      options: { modelId, webSearch: false, promptTopic: answer.topic },
      continuation: true,
    });
  }

  private answerAgain(userId: string, chat: Chat, question: Message, { modelId, timeZone }: RegenerateDto, editedText?: string): Promise<StartedAnswer> {
    const trackId = randomUUID();
    const answer = MessagesRepository.newMessage({ chatId: chat.id, userId, role: 'assistant', text: '', status: 'pending', trackId, replyToId: question.id, createdAt: new Date() });
    return this.sender.launch({
      userId,
      chat,
      inbound: question,
      answer,
      newChat: false,
      write: () => this.messages.insertVersion(answer, editedText),
      options: { modelId: modelId ?? null, webSearch: null, promptTopic: null, ...(timeZone ? { timeZone } : {}) },
    });
  }

  /** The caller's message with this role; NOT_FOUND for anyone else's (existence is not revealed). */
  private async owned(userId: string, id: string, role: 'user' | 'assistant'): Promise<Message> {
    const message = await this.messages.findOwned(userId, id);
    if (message?.role !== role) throw new AppException(ErrorCode.NotFound, 'No such message.');
    return message;
  }

  /**
   * The chat of `message`, which must be its latest turn (the latest question, or an answer to
   * it), in a conversation of the user's own, with no answer being written.
   */
  private async latestTurn(userId: string, message: Message): Promise<{ chat: Chat; question: Message }> {
    const [chat, question, unfinished] = await Promise.all([
      this.chats.findOwned(userId, message.chatId),
      this.messages.latestQuestion(message.chatId),
      this.messages.unfinishedTracks(message.chatId),
    ]);
    if (!ACTION_CHANNELS.has(chat.channel)) {
      throw new AppException(ErrorCode.Forbidden, 'Only answers in your own conversations (web app or API) can be redone; this conversation came in on another channel.');
    }
    const questionId = message.role === 'user' ? message.id : message.replyToId;
    if (!question || question.id !== questionId) throw notLatest();
    if (unfinished.length > 0) throw inProgress();
    return { chat, question };
  }

  /** The model an answer was written with, if it can still write; else the binding decides. */
  private async stillAvailable(userId: string, modelId: string): Promise<string | null> {
    try {
      await this.sender.checkModel(userId, modelId);
      return modelId;
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.ModelNotAvailable) return null;
      throw error;
    }
  }
}

function notLatest(): AppException {
  return new AppException(ErrorCode.NotLatestTurn, 'Only the latest question of a chat, and its current answer, can be answered again, edited or continued.');
}

function inProgress(): AppException {
  return new AppException(ErrorCode.AnswerInProgress, 'An answer is still being written in this chat: wait for it or stop it first.');
}
