/**
 * The SSE events of one answer (docs/api.md, streaming an answer), in order of appearance. The
 * name is the SSE `event:` and the payload its `data:`. A stream always ends with `complete` or
 * `error`. Types only: the server publishes exactly these and the SPA and widget read them (README,
 * repository layout).
 */
import type { Citation, ErrorInfo, TaskCapability, TaskState, TokenUsage } from './chat';
import type { FileLink, StoredFile } from './files';
import type { MemoryRef } from './memories';

/** How the answer's topic was chosen: a selection rule, the AI sorter, a fixed topic, or the fallback. */
export type ClassificationSource = 'rule' | 'sorter' | 'fixed' | 'fallback';

export interface PlanNode {
  nodeId: string;
  capability: TaskCapability;
  dependsOn: string[];
}

export interface StreamEventMap {
  started: { trackId: string; chatId: string; messageId: string; userMessageId: string };
  /** `multiStep`: tells the client a plan is coming, so it can say "Planning…". */
  classified: { topic: string; language: string; source: ClassificationSource; webSearch: boolean; multiStep: boolean };
  plan: { nodes: PlanNode[]; replyNode: string };
  task_update: { nodeId: string; capability: TaskCapability; state: TaskState; error?: string };
  task_chunk: { nodeId: string; chunk: string };
  task_progress: { nodeId: string; percent: number };
  task_file: { nodeId: string; file: FileLink };
  plan_discarded: { reason: string };
  /** Everything the answer cites so far, renumbered across its steps: clients replace their list. */
  sources: { results: Citation[] };
  /** The facts remembered about the user that the answer is given (not for incognito turns nor chats with memory off). */
  memories: { used: MemoryRef[] };
  /** The model's reasoning as it streams (models that expose it), before or between answer chunks. */
  thinking: { text: string };
  chunk: { text: string };
  /**
   * The worker answering died and another starts the answer again from the beginning: clients
   * drop the partial answer (text, reasoning, task cards, files, sources, memories) and render what
   * follows. A continued answer goes back to the text it was continuing.
   */
  reset: { reason: string };
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
    /** `stopped`: the user stopped generation; the partial answer was kept. */
    status: 'complete' | 'stopped';
    /** The model reached its output token limit: the answer is cut off and can be continued. */
    truncated?: boolean;
    /** How long the model reasoned before it began the answer, when it exposed its reasoning. */
    thinkingMs?: number;
  };
  error: ErrorInfo;
}

export type StreamEventName = keyof StreamEventMap;
