import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { TrackControlService } from '../../infra/stream/track-control.service';
import { VectorStore } from '../../infra/vector-store/vector-store';
import { JobName, type JobPayload } from '../../infra/queue/jobs';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AiProviderError } from '../ai/ai-provider.error';
import { AiService } from '../ai/ai.service';
import { ModelCapability } from '../ai/ai.types';
import { FilesService } from '../files/files.service';
import { UserChannel } from '../realtime/user-channel.service';
import { AnswerStream } from './answer-stream';
import { ChatService } from './chat.service';
import type { Channel, Chat } from './chat.entity';
import { ChatsRepository } from './chats.repository';
import type { SendMessageDto } from './dto/stream.dto';
import { GenerationSlots } from './generation-slots.service';
import type { Message } from './message.entity';
import { MessagesRepository } from './messages.repository';
import { TrackRegistry } from './track-registry';
import { snapshotOf } from './turn-snapshot';

/**
 * Whose generation slots an answer takes (GenerationSlots): by default the asking user's own, up
 * to MAX_CONCURRENT_GENERATIONS_PER_USER. A widget visitor's answers run as the widget's owner but
 * must not use up the owner's slots, so a widget session has slots of its own.
 */
export interface SlotHolder {
  holder: string;
  limit: number;
}

/** An answer to start writing (SendMessageService.launch). */
export interface AnswerLaunch {
  userId: string;
  chat: Chat;
  /** The question answered, and the pending answer, whose `trackId` is set. */
  inbound: Message;
  answer: Message;
  /** The launch opens the chat (it is written with the turn). */
  newChat: boolean;
  /** Stores the turn (nothing, for an incognito one: it lives in its job alone). */
  write: () => Promise<unknown>;
  options: JobPayload<JobName.ProcessMessage>['options'];
  incognito?: boolean;
  /** The answer goes on from its stored text. */
  continuation?: boolean;
  slots?: SlotHolder;
}

export interface StartedAnswer {
  trackId: string;
  chatId: string;
  userMessageId: string;
  messageId: string;
}

/** An answer queued while its turn commits (SendMessageService.launchQueued). */
export interface QueuedAnswer {
  started: StartedAnswer;
  /** Resolves once the turn is committed; rejects with why it could not be (its launch is undone by then). */
  stored: Promise<void>;
}

/** Title of a new chat: the start of its first message, on one line. */
function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/**
 * Accepts an inbound message (docs/api.md, routing pipeline): persists it with a pending answer, registers the track,
 * announces `started` and hands the work to the queue. The answer itself is produced by the
 * worker and followed through the track.
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly chatService: ChatService,
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
    private readonly files: FilesService,
    private readonly tracks: TrackRegistry,
    private readonly stream: AnswerStream,
    private readonly jobs: JobQueueService,
    private readonly ai: AiService,
    private readonly control: TrackControlService,
    private readonly slots: GenerationSlots,
    private readonly userChannel: UserChannel,
    private readonly vectors: VectorStore,
  ) {}

  /** `channel` is where the message came in: recorded on the chat it starts, when it starts one. */
  async start(userId: string, dto: SendMessageDto, channel: Channel, slots?: SlotHolder): Promise<StartedAnswer> {
    return this.launch(await this.turnToStart(userId, dto, channel, slots));
  }

  /** `start`, for a caller that streams the answer: see `launchQueued`. */
  async startQueued(userId: string, dto: SendMessageDto, channel: Channel): Promise<QueuedAnswer> {
    return this.launchQueued(await this.turnToStart(userId, dto, channel));
  }

  private async turnToStart(userId: string, dto: SendMessageDto, channel: Channel, slots?: SlotHolder): Promise<AnswerLaunch> {
    if (dto.incognito && dto.chatId) {
      throw new AppException(ErrorCode.ValidationFailed, 'An incognito message starts its own conversation: leave chatId out.');
    }
    const newChat = dto.chatId ? undefined : ChatsRepository.newChat({ id: randomUUID(), userId, title: titleFrom(dto.message), channel });
    const chat = newChat ?? (await this.chatService.findOwned(userId, dto.chatId as string));
    const fileIds = dto.fileIds ?? [];
    await Promise.all([fileIds.length > 0 ? this.files.getMany(userId, fileIds) : undefined, dto.modelId ? this.checkModel(userId, dto.modelId) : undefined]);

    const trackId = randomUUID();
    const now = new Date();
    const inbound = MessagesRepository.newMessage({ chatId: chat.id, userId, role: 'user', text: dto.message, status: 'complete', fileIds, createdAt: now, completedAt: now });
    // One millisecond later, so ordering by creation time always puts the answer after its question.
    const answer = MessagesRepository.newMessage({ chatId: chat.id, userId, role: 'assistant', text: '', status: 'pending', trackId, replyToId: inbound.id, createdAt: new Date(now.getTime() + 1) });
    return {
      userId,
      chat,
      inbound,
      answer,
      newChat: newChat !== undefined,
      write: () => (dto.incognito ? Promise.resolve() : this.messages.insertTurn([inbound, answer], newChat)),
      options: { modelId: dto.modelId ?? null, webSearch: dto.webSearch ?? null, promptTopic: dto.promptTopic ?? null, ...(dto.timeZone ? { timeZone: dto.timeZone } : {}) },
      ...(dto.incognito ? { incognito: true } : {}),
      slots,
    };
  }

  /**
   * Starts writing `answer` (pending, on its track) to `inbound`: for a new message, and for the
   * chat actions that answer again, after an edit, or go on with a cut-off answer (ChatActions).
   * `write` stores the turn; the answer's track is announced (`started`) and the job queued.
   * Resolves once the turn is committed, so its ids can be read back at once.
   */
  async launch(launch: AnswerLaunch): Promise<StartedAnswer> {
    const { started, stored } = await this.launchQueued(launch);
    await stored;
    return started;
  }

  /**
   * `launch`, resolving as soon as the answer is queued, while its turn commits (`stored`): a
   * caller that streams the answer reads the start of its track meanwhile, and opens the stream,
   * or answers the failure, once `stored` settles. Committing takes a few round trips to the
   * database, as long as the worker takes to its first token with a fast model.
   */
  async launchQueued(launch: AnswerLaunch): Promise<QueuedAnswer> {
    const { userId, chat, inbound, answer, slots } = launch;
    const trackId = answer.trackId as string;
    // Taken before anything is written, so a refused message leaves no trace. Given back here if
    // the turn cannot be started; once it is queued, the worker gives it back as the turn ends.
    const slotHolder = slots?.holder ?? userId;
    // Read alongside the slot, for the job: whether there is anything of the owner's to search.
    const ownerIndexed = this.vectors.hasChunks(userId);
    ownerIndexed.catch(() => undefined);
    await this.slots.acquire(slotHolder, trackId, slots?.limit);
    // The caller that streams this answer follows its track on this node as soon as this returns:
    // subscribed to it alongside the launch, that follow need not wait for the SUBSCRIBE. Released
    // once the follow has begun (its own listener keeps the channel), or at once on failure.
    const listening = this.stream.listenAhead(trackId).catch(() => () => undefined);
    // The job may be queued already: its worker drops the turn rather than wait for its commit.
    const undo = async (error: unknown): Promise<never> => {
      void listening.then((release) => release());
      await Promise.allSettled([this.slots.release(slotHolder, trackId), this.control.announceAbandoned(trackId)]);
      throw error;
    };
    try {
      // Answered by now: it went to Redis before the slot.
      const indexed = await ownerIndexed;
      // Nothing here waits for the database: `started` goes out and the job (carrying the turn) is
      // queued while the turn commits, so the worker starts on the request at once; it shows and
      // writes nothing until the commit is announced (TrackControlService.announceStored).
      const committing = Promise.all([
        launch.write().then(() => (launch.incognito ? undefined : this.control.announceStored(trackId))),
        launch.newChat ? undefined : this.chats.touch(chat.id, new Date()),
      ]);
      committing.catch(() => undefined);
      // The job is queued only once `started` is on the track: every follower must read `started`
      // first (docs/api.md), and a fresh turn's worker streams at once, on a connection of its own.
      // Both go down the queue's connection, in that order, so neither waits for the other.
      const started = { trackId, chatId: chat.id, messageId: answer.id, userMessageId: inbound.id };
      await Promise.all([
        this.tracks.register(trackId, { userId, chatId: chat.id, messageId: answer.id }),
        this.jobs.enqueueAfter(
          (connection) => this.stream.publish(trackId, 'started', started, connection),
          {
            name: JobName.ProcessMessage,
            data: {
              trackId,
              userId,
              ...(slots ? { slotHolder } : {}),
              messageId: answer.id,
              userMessageId: inbound.id,
              chatId: chat.id,
              options: launch.options,
              turn: snapshotOf({ chat, inbound, answer }),
              ...(launch.incognito ? { incognito: true } : {}),
              ...(launch.continuation ? { continuation: true } : {}),
              ...(launch.newChat ? { newChat: true } : {}),
              ownerIndexed: indexed,
            },
          },
          { jobId: trackId, removeWhenDone: launch.incognito },
        ),
      ]);
      const stored = committing.then(() => {
        // The user's other tabs refetch on these, so they go out once the turn is committed and
        // queued. `notify` does not wait for Redis (nor can it fail this request): time to the
        // first token is measured on this path. An incognito turn is stored nowhere and announced nowhere.
        if (launch.incognito) return;
        this.userChannel.notify(userId, launch.newChat ? 'chat.created' : 'chat.updated', { chatId: chat.id });
        this.userChannel.notify(userId, 'message.started', { chatId: chat.id, messageId: answer.id, trackId });
      }, undo);
      // Its caller answers a failure; marked handled here so one that no longer listens cannot crash the process.
      stored.catch(() => undefined);
      // After the caller's continuation, which starts its follow without waiting for anything.
      void listening.then((release) => setImmediate(release));
      return { started, stored };
    } catch (error) {
      return undo(error);
    }
  }

  /** A model picked in the client must exist and be able to chat: refused here, before anything is stored. */
  async checkModel(userId: string, modelId: string): Promise<void> {
    try {
      await this.ai.resolve(ModelCapability.Chat, { userId, modelId });
    } catch (error) {
      if (error instanceof AiProviderError) throw new AppException(ErrorCode.ModelNotAvailable, error.message);
      throw error;
    }
  }
}
