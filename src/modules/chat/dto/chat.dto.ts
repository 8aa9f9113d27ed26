import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import type { Chat as ChatContract, Message as MessageContract, MessageDetail, TaskRecord, TokenUsage } from '../../../contracts/chat';
import type { FileDto } from '../../files/dto/file.dto';
import type { Channel, Chat } from '../chat.entity';
import type { Citation, Message, MessageRole, MessageStatus, UsedMemory } from '../message.entity';
import type { MessageTask, TaskState } from '../message-task.entity';

export class CreateChatDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(0, 200)
  title?: string;
}

/** The chat's settings the owner may change; absent fields stay. */
export class UpdateChatDto {
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsBoolean()
  memoryEnabled?: boolean;
}

export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** ISO timestamp: return items older than this (the `createdAt`/`lastMessageAt` of the last item seen). */
  @IsOptional()
  @IsDateString()
  before?: string;
}

/** The DTOs implement the wire contracts (src/contracts), so a change that breaks the shape clients read fails to compile. */
export class ChatDto implements ChatContract {
  id!: string;
  title!: string;
  channel!: Channel;
  createdAt!: string;
  lastMessageAt!: string;
  /** Memories are recalled into answers and learnt from messages in this chat (true unless switched off). */
  memoryEnabled!: boolean;

  static from(chat: Chat): ChatDto {
    return {
      id: chat.id,
      title: chat.title,
      channel: chat.channel,
      createdAt: chat.createdAt.toISOString(),
      lastMessageAt: chat.lastMessageAt.toISOString(),
      memoryEnabled: chat.memoryEnabled,
    };
  }
}

/** How many task records an answer has, and how many of them are done. */
export interface TaskTally {
  count: number;
  done: number;
}

/** Messages other than planned answers: no task records. */
export const NO_TASKS: TaskTally = { count: 0, done: 0 };

export class MessageDto implements MessageContract {
  id!: string;
  chatId!: string;
  role!: MessageRole;
  text!: string;
  status!: MessageStatus;
  trackId!: string | null;
  topic!: string | null;
  language!: string | null;
  provider!: string | null;
  model!: string | null;
  usage!: TokenUsage | null;
  fileIds!: string[];
  citations!: Citation[];
  /** An answer: the remembered facts it was given. */
  memoriesUsed!: UsedMemory[];
  error!: { code: string; message: string } | null;
  createdAt!: string;
  completedAt!: string | null;
  /** Operator messages and system lines (live support): who wrote them. */
  authorName!: string | null;
  /** An answer: the message it answers. */
  replyToId!: string | null;
  /** An answer: its task records (plan steps), so a transcript can show "Task plan · done/count" before loading them. */
  taskCount!: number;
  /** How many of those are done. */
  tasksDone!: number;
  /** An answer: the model's reasoning (models that expose it), and how long it reasoned. */
  thinking!: string | null;
  thinkingMs!: number | null;
  /** An answer cut off at the model's output token limit: it can be continued. */
  truncated!: boolean;
  /** An answer replaced by a newer version (asked again, or its question edited): shown as a version. */
  superseded!: boolean;

  static from(message: Message, tasks: TaskTally): MessageDto {
    return {
      id: message.id,
      chatId: message.chatId,
      role: message.role,
      text: message.text,
      status: message.status,
      trackId: message.trackId,
      topic: message.topic,
      language: message.language,
      provider: message.provider,
      model: message.model,
      usage: message.usage,
      fileIds: message.fileIds,
      citations: message.citations,
      memoriesUsed: message.memoriesUsed ?? [],
      error: message.errorCode ? { code: message.errorCode, message: message.errorMessage ?? '' } : null,
      createdAt: message.createdAt.toISOString(),
      completedAt: message.completedAt?.toISOString() ?? null,
      authorName: message.authorName,
      replyToId: message.replyToId,
      taskCount: tasks.count,
      tasksDone: tasks.done,
      thinking: message.thinking,
      thinkingMs: message.thinkingMs,
      truncated: message.truncated,
      superseded: message.supersededAt !== null,
    };
  }
}

export class TaskRecordDto implements TaskRecord {
  nodeId!: string;
  capability!: string;
  dependsOn!: string[];
  state!: TaskState;
  error!: string | null;
  resultText!: string | null;
  resultFileId!: string | null;
  startedAt!: string | null;
  finishedAt!: string | null;

  static from(task: MessageTask): TaskRecordDto {
    return {
      nodeId: task.nodeId,
      capability: task.capability,
      dependsOn: task.dependsOn,
      state: task.state,
      error: task.error,
      resultText: task.resultText,
      resultFileId: task.resultFileId,
      startedAt: task.startedAt?.toISOString() ?? null,
      finishedAt: task.finishedAt?.toISOString() ?? null,
    };
  }
}

export class MessageDetailDto extends MessageDto implements MessageDetail {
  tasks!: TaskRecordDto[];
  files!: FileDto[];
}
