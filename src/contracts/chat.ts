/**
 * Chats, messages and their task records as they travel in JSON (docs/api.md, chats and messages).
 * Types only, dates as ISO strings: the server's DTOs implement these and the client imports them
 * (README, repository layout), so a change to the wire shape is made here once and checked on both sides.
 */
import type { StoredFile } from './files';
import type { MemoryRef } from './memories';

/** `operator`: a person's reply from the browser (WhatsApp, e-mail, live support); `system`: a line about the conversation itself. */
export type MessageRole = 'user' | 'assistant' | 'operator' | 'system';
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';
export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** Where a chat's messages come in; `whatsapp` and `email` chats are answered out on that channel. */
export type ChatChannel = 'web' | 'api' | 'widget' | 'whatsapp' | 'email';

/** What a node of a plan can do (docs/api.md, routing pipeline). Clients show unknown ones by name: newer servers may add some. */
export type TaskCapability =
  | 'extract_text'
  | 'chat'
  | 'summarize'
  | 'translate'
  | 'rag_query'
  | 'web_search'
  | 'url_fetch'
  | 'file_analysis'
  | 'image_generation'
  | 'text2sound'
  | 'document_generation'
  | 'calendar_event'
  | 'compose_reply'
  | 'email_me';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A stable error code and a sentence for people (docs/api.md, errors). */
export interface ErrorInfo {
  code: string;
  message: string;
}

/** A passage an answer cites as `[n]`: from one of the user's files (`fileId`) or a web page (`url`). */
export interface Citation {
  n: number;
  fileId?: string;
  url?: string;
  title: string;
  /** The passage itself. */
  snippet: string;
  /** Where in the file the passage is: its page (PDF, slide, 1-based) and heading path (joined with " › "). */
  page?: number;
  section?: string;
}

export interface Chat {
  id: string;
  title: string;
  channel: ChatChannel;
  createdAt: string;
  lastMessageAt: string;
  /** Memories are recalled into answers and learnt from messages in this chat (true unless switched off). */
  memoryEnabled: boolean;
}

export interface Message {
  id: string;
  chatId: string;
  role: MessageRole;
  text: string;
  status: MessageStatus;
  trackId: string | null;
  topic: string | null;
  language: string | null;
  provider: string | null;
  model: string | null;
  usage: TokenUsage | null;
  fileIds: string[];
  citations: Citation[];
  /** An answer: the remembered facts it was given (empty on other messages). */
  memoriesUsed: MemoryRef[];
  error: ErrorInfo | null;
  createdAt: string;
  completedAt: string | null;
  /** Operator messages and system lines: who wrote them. */
  authorName: string | null;
  /** An answer: the message it answers. */
  replyToId: string | null;
  /** An answer: how many task records (plan steps) it has, so a transcript can show "Task plan · done/count" before loading them. */
  taskCount: number;
  /** How many of those are done. */
  tasksDone: number;
  /** An answer: the model's reasoning (models that expose it), and how long it reasoned. */
  thinking: string | null;
  thinkingMs: number | null;
  /** An answer cut off at the model's output token limit: it can be continued. */
  truncated: boolean;
  /** An answer replaced by a newer version (asked again, or its question edited): shown as a version. */
  superseded: boolean;
}

/** One step of an answer's plan as stored (`GET /messages/:id`). */
export interface TaskRecord {
  nodeId: string;
  /** A {@link TaskCapability}; typed loosely because records outlive renamed or retired capabilities. */
  capability: string;
  dependsOn: string[];
  state: TaskState;
  error: string | null;
  resultText: string | null;
  resultFileId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `GET /messages/:id`: the message with its task records and files. */
export interface MessageDetail extends Message {
  tasks: TaskRecord[];
  files: StoredFile[];
}

/** `POST /messages/stream` (docs/api.md, streaming an answer). */
export interface SendMessageRequest {
  message: string;
  chatId?: string;
  fileIds?: string[];
  /** A catalogue model id for the answer (the model picker); else the CHAT binding. */
  modelId?: string;
  /** true/false force web search on or off; null or absent leaves it to routing. */
  webSearch?: boolean | null;
  /** Nothing of this turn is stored: no chat, no messages, no history. Starts its own conversation (no chatId). */
  incognito?: boolean;
  /** Route to this task prompt topic, skipping classification rules and the sorter. */
  promptTopic?: string;
  /**
   * The sender's own IANA time zone ("Europe/Berlin"), as their browser reports it: the zone of a
   * calendar event whose request and plan name none, and its "today".
   */
  timeZone?: string;
}

/** `POST /messages/:id/regenerate`; `POST /messages/:id/edit` adds the new question text. `timeZone` as when sending. */
export interface RegenerateRequest extends Pick<SendMessageRequest, 'timeZone'> {
  /** A catalogue model id to answer with ("Again with model…"); else the CHAT binding. */
  modelId?: string;
}

export interface EditMessageRequest extends RegenerateRequest {
  message: string;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** How one message sent on a chat's WhatsApp or e-mail channel stands (`GET /chats/:id/deliveries`). */
export interface Delivery {
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  /** The last attempt's failure (kept while it is retried), or why it failed for good. */
  error: ErrorInfo | null;
  updatedAt: string;
}
