import type { Citation, Message, MessageDetail, StoredFile, StreamError, TaskRecord, TokenUsage } from '../api/chats';
import type { MemoryRef } from '../api/memories';
import type { FileLink, SourceResult } from '../api/stream-events';
import { FILES_NODE, isFinished, type AnswerState, type CardState, type TaskCardModel } from './answer-state';

/** What an assistant bubble shows, whether it is streaming now or was stored earlier. */
export interface AnswerView {
  key: string;
  /** Null until the server has named the answer (and its chat). */
  messageId: string | null;
  chatId: string | null;
  text: string;
  status: 'connecting' | 'streaming' | 'complete' | 'stopped' | 'failed';
  live: AnswerState | null;
  error: StreamError | null;
  topic: string | null;
  language: string | null;
  provider: string | null;
  model: string | null;
  usage: TokenUsage | null;
  routedBy: string | null;
  plan: AnswerState['plan'];
  /** The attachments read before the answer ("Reading your file…"). */
  reading: TaskCardModel | null;
  sources: SourceResult[];
  citations: Citation[];
  /** The user's memories the answer was given. */
  memoriesUsed: MemoryRef[];
  /** Files of the answer itself, not already shown on a task card. */
  files: FileLink[];
  /** The model's reasoning: `since` while it is going on, `ms` once the answer began. */
  thinking: AnswerThinking | null;
  /** Cut off at the model's output token limit: the answer can be continued. */
  truncated: boolean;
}

export interface AnswerThinking {
  text: string;
  /** When the reasoning began (ms since epoch) while it goes on; null once it is over. */
  since: number | null;
  ms: number | null;
}

export function viewOfLive(state: AnswerState): AnswerView {
  const result = state.result;
  const cardFileIds = new Set(Object.values(state.plan?.cards ?? {}).flatMap((card) => card.files.map((file) => file.id)));
  return {
    key: state.messageId ?? 'pending',
    messageId: state.messageId,
    chatId: state.chatId,
    text: state.text,
    status: state.status,
    live: state,
    error: state.error,
    topic: result?.topic ?? state.classified?.topic ?? null,
    language: result?.language ?? state.classified?.language ?? null,
    provider: result?.provider ?? null,
    model: result?.model ?? null,
    usage: result?.usage ?? null,
    routedBy: state.classified?.source ?? null,
    plan: state.plan,
    reading: state.reading,
    sources: state.sources,
    citations: result?.citations ?? [],
    memoriesUsed: state.memories,
    files: (result?.files ?? []).filter((file) => !cardFileIds.has(file.id)),
    thinking: state.thinking ? { text: state.thinking, since: state.thinkingSince, ms: state.thinkingMs } : null,
    truncated: result?.truncated ?? false,
  };
}

export function viewOfStored(message: Message, detail: MessageDetail | undefined): AnswerView {
  const files = detail?.files ?? [];
  const byId = new Map(files.map((file) => [file.id, file]));
  const allTasks = detail?.tasks ?? [];
  const tasks = allTasks.filter((task) => task.nodeId !== FILES_NODE);
  const readTask = allTasks.find((task) => task.nodeId === FILES_NODE);
  const plan: AnswerState['plan'] =
    tasks.length > 0
      ? {
          replyNode: (tasks.find((task) => task.capability === 'compose_reply') ?? tasks.at(-1))?.nodeId ?? '',
          order: tasks.map((task) => task.nodeId),
          cards: Object.fromEntries(tasks.map((task): [string, TaskCardModel] => [task.nodeId, storedCard(task, message, byId)])),
        }
      : null;
  const onCards = new Set(tasks.map((task) => task.resultFileId).filter(Boolean));
  const status = message.status === 'pending' ? 'connecting' : message.status;
  return {
    key: message.id,
    messageId: message.id,
    chatId: message.chatId,
    text: message.text,
    status,
    live: null,
    error: message.error,
    topic: message.topic,
    language: message.language,
    provider: message.provider,
    model: message.model,
    usage: message.usage,
    routedBy: null,
    plan,
    reading: readTask ? storedCard(readTask, message, byId) : null,
    sources: [],
    citations: message.citations,
    memoriesUsed: message.memoriesUsed,
    files: files.filter((file) => !onCards.has(file.id)),
    thinking: message.thinking ? { text: message.thinking, since: null, ms: message.thinkingMs } : null,
    truncated: message.truncated,
  };
}

function storedCard(task: TaskRecord, message: Message, byId: Map<string, StoredFile>): TaskCardModel {
  const file = task.resultFileId ? byId.get(task.resultFileId) : undefined;
  // A task left open when the answer was stopped shows as stopped, as it did live.
  const open = task.state === 'pending' || task.state === 'running';
  const state: CardState = open && message.status === 'stopped' ? 'stopped' : task.state;
  return {
    nodeId: task.nodeId,
    capability: task.capability,
    dependsOn: task.dependsOn,
    state,
    error: task.error,
    text: task.resultText ?? '',
    percent: null,
    files: file ? [file] : [],
  };
}

export function isOfflineAnswer(view: AnswerView): boolean {
  return view.provider === 'offline';
}

export function answerFinished(view: AnswerView): boolean {
  return view.live ? isFinished(view.live) : view.status !== 'connecting' && view.status !== 'streaming';
}
