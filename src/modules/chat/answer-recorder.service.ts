import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { TokenUsage } from '../ai/ai.types';
import type { Chat } from './chat.entity';
import { ChatsRepository } from './chats.repository';
import type { Citation, Message, UsedMemory } from './message.entity';
import type { TaskState } from './message-task.entity';
import { MessagesRepository } from './messages.repository';

/** What the pipeline works on: the pending answer, the message it answers, and their chat. */
export interface Turn {
  chat: Chat;
  inbound: Message;
  answer: Message;
  /** Nothing of an incognito turn is written: the recorder's writes are skipped. */
  incognito: boolean;
}

export interface TaskRecordUpdate {
  messageId: string;
  nodeId: string;
  capability: string;
  dependsOn: string[];
  position: number;
  state: TaskState;
  error?: string | null;
  resultText?: string | null;
  resultFileId?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

export interface FinishedAnswer {
  text: string;
  status: 'complete' | 'stopped' | 'failed';
  topic: string | null;
  language: string | null;
  provider: string | null;
  model: string | null;
  usage: TokenUsage | null;
  fileIds: string[];
  citations: Citation[];
  memoriesUsed?: UsedMemory[];
  /** The model's reasoning and how long it took, where the model exposed it. */
  thinking?: { text: string; ms: number } | null;
  /** Cut off at the model's output token limit. */
  truncated?: boolean;
  error?: { code: string; message: string };
}

/** The worker's write side of a chat: loads a turn, records task states and the final answer. */
@Injectable()
export class AnswerRecorder {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  /** The stored turn of an answer: answer, question and chat read in parallel, in one round trip. */
  async load(ids: { answerId: string; questionId: string; chatId: string }): Promise<Turn | null> {
    const [answer, inbound, chat] = await Promise.all([
      this.messages.findById(ids.answerId),
      this.messages.findById(ids.questionId),
      this.chats.findById(ids.chatId),
    ]);
    const consistent = answer && inbound && chat && answer.replyToId === inbound.id && answer.chatId === chat.id && chat.userId === answer.userId;
    return consistent ? { chat, inbound, answer, incognito: false } : null;
  }

  /**
   * Marks the answer as being written if it is stored and still pending: what a fresh turn's worker
   * waits for before it writes or shows anything, the rows the job carries being the ones
   * committed. One row suffices: deleting its chat takes it along. False when it is not there (or
   * no longer pending). Its topic and language are written with its end.
   */
  claim(answerId: string): Promise<boolean> {
    return this.messages.claimPending(answerId);
  }

  /**
   * Takes an answer back to where it started, for another worker to answer it from the beginning
   * (its worker died mid-way): being written, and a new answer without the task records of its steps,
   * which the new run writes again (reused steps as done). A continued answer keeps its records:
   * they are its first run's, and continuing plans nothing. The text is left as it is: a new
   * answer's is still empty (the text is only written when the answer ends), a continued one's
   * is what it goes on from.
   */
  async restart(turn: Turn, continuing: boolean): Promise<void> {
    if (turn.incognito) return;
    if (!continuing) await this.messages.deleteTasks(turn.answer.id);
    await this.messages.update(turn.answer.id, { status: 'streaming' });
  }

  /** Creates or updates the node's record; fields left undefined keep their stored value. */
  async recordTask(turn: Turn, update: TaskRecordUpdate): Promise<void> {
    if (turn.incognito) return;
    await this.messages.upsertTask({
      // Stable per (message, node), so the upsert never rewrites the primary key.
      id: uuidFrom(`${update.messageId}/${update.nodeId}`),
      error: null,
      resultText: null,
      resultFileId: null,
      startedAt: null,
      finishedAt: null,
      ...update,
    });
  }

  /** Stores the answer's end; false when it had already ended (see MessagesRepository.finishAnswer). */
  async finish({ answer, incognito }: Turn, result: FinishedAnswer): Promise<boolean> {
    if (incognito) return true;
    const completedAt = new Date();
    // A continued answer (docs/api.md, chat actions) keeps the files and sources it had; for a new
    // answer there are none yet.
    return this.messages.finishAnswer(answer.id, answer.chatId, completedAt, {
      text: result.text,
      status: result.status,
      topic: result.topic,
      language: result.language,
      provider: result.provider,
      model: result.model,
      usage: result.usage,
      fileIds: [...new Set([...answer.fileIds, ...result.fileIds])],
      citations: result.citations.length > 0 ? result.citations : answer.citations,
      memoriesUsed: result.memoriesUsed?.length ? result.memoriesUsed : null,
      thinking: result.thinking?.text || null,
      thinkingMs: result.thinking ? result.thinking.ms : null,
      truncated: result.truncated ?? false,
      errorCode: result.error?.code ?? null,
      errorMessage: result.error?.message.slice(0, 1000) ?? null,
    });
  }
}

/** A name-based UUID (v5 layout over SHA-1), deterministic for the same name. */
function uuidFrom(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
