import type { Citation, StoredFile, StreamError, TaskState, TokenUsage } from './chats';
import type { MemoryRef } from './memories';

export interface PlanNode {
  nodeId: string;
  capability: string;
  dependsOn: string[];
}

export interface FileLink {
  id: string;
  name: string;
  mime: string;
  url: string;
}

/** A source as the `sources` event lists it: the same as a stored citation. */
export type SourceResult = Citation;

export type ClassificationSource = 'rule' | 'sorter' | 'fixed' | 'fallback';

/** The SSE events of one answer (docs/api.md): `event:` name → `data:` payload. */
export interface StreamEventMap {
  started: { trackId: string; chatId: string; messageId: string; userMessageId?: string };
  classified: { topic: string; language: string; source: ClassificationSource; webSearch: boolean };
  plan: { nodes: PlanNode[]; replyNode: string };
  task_update: { nodeId: string; capability: string; state: TaskState; error?: string };
  task_chunk: { nodeId: string; chunk: string };
  task_progress: { nodeId: string; percent: number };
  task_file: { nodeId: string; file: FileLink };
  plan_discarded: { reason: string };
  sources: { results: SourceResult[] };
  /** The user's memories recalled for this answer, before its text. */
  memories: { used: MemoryRef[] };
  /** The model's reasoning as it streams (models that expose it). */
  thinking: { text: string };
  chunk: { text: string };
  complete: {
    messageId: string;
    chatId: string;
    topic: string;
    language: string;
    provider: string;
    model: string;
    usage?: TokenUsage;
    files: StoredFile[];
    citations: Citation[];
    status?: 'complete' | 'stopped';
    /** Cut off at the model's output token limit: the answer can be continued. */
    truncated?: boolean;
    /** How long the model reasoned before it began the answer. */
    thinkingMs?: number;
  };
  error: StreamError;
}

export type StreamEventName = keyof StreamEventMap;

export type StreamEvent = {
  [Name in StreamEventName]: { name: Name; id: string | null; data: StreamEventMap[Name] };
}[StreamEventName];

const EVENT_NAMES: ReadonlySet<string> = new Set<StreamEventName>([
  'started',
  'classified',
  'plan',
  'task_update',
  'task_chunk',
  'task_progress',
  'task_file',
  'plan_discarded',
  'sources',
  'memories',
  'thinking',
  'chunk',
  'complete',
  'error',
]);

export function isStreamEventName(name: string): name is StreamEventName {
  return EVENT_NAMES.has(name);
}
