import type { TokenUsage } from '../../contracts/chat';

/**
 * The capabilities a model can be bound to (`/settings/models`, docs/api.md). Persisted in bindings:
 * never rename, only add.
 */
export enum ModelCapability {
  Chat = 'CHAT',
  Sort = 'SORT',
  Plan = 'PLAN',
  Summarize = 'SUMMARIZE',
  Mem = 'MEM',
  Vectorize = 'VECTORIZE',
  Text2Pic = 'TEXT2PIC',
  Text2Sound = 'TEXT2SOUND',
  Sound2Text = 'SOUND2TEXT',
  Pic2Text = 'PIC2TEXT',
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a single JSON object (sorter, planner). */
  json?: boolean;
  signal?: AbortSignal;
}

export type { TokenUsage };

export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'usage'; usage: TokenUsage };

/**
 * Why a model stopped writing: `length` when it reached its output token limit (the answer is cut
 * off and can be continued), `stop` when it ended on its own.
 */
export type FinishReason = 'stop' | 'length';

/**
 * What an adapter streams: the answer's events, plus the model's reasoning (models that expose it:
 * OpenAI-compatible `reasoning_content`, Anthropic thinking blocks) and why it stopped. AiService
 * hands the answer's events to its caller and the rest to the generation's observer
 * (generation-observer.ts).
 */
export type ProviderStreamEvent = ChatStreamEvent | { type: 'thinking'; text: string } | { type: 'finish'; reason: FinishReason };

export interface ChatCompletion {
  text: string;
  usage?: TokenUsage;
}

/** A generated binary (image, speech) before it is stored as a file. */
export interface GeneratedMedia {
  data: Buffer;
  mime: string;
  /** File extension without the dot (png, mp3, wav …). */
  extension: string;
}

/** Audio to transcribe, or an image to describe (AiService.transcribe / describeImage), as file bytes. */
export interface MediaInput {
  data: Buffer;
  mime: string;
  /** A file name with the right extension helps some servers guess the format. */
  fileName?: string;
}

/** A catalogue model resolved for one call: which provider serves it, under which name. */
export interface ResolvedModel {
  /** Catalogue id (`offline:chat`, `openai:gpt-4o-mini` …), what clients send as `modelId`. */
  id: string;
  /** Provider id: `offline`, `openai`, `anthropic`, `ollama` … */
  provider: string;
  /** The provider's own model name. */
  name: string;
  label: string;
  /** True for the built-in offline provider (the UI labels its answers). */
  offline: boolean;
}
