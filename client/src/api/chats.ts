import { request } from './http';
import type { MemoryRef } from './memories';

/** `operator`: a person's reply from the browser (WhatsApp, e-mail); `system`: a line about the conversation itself. */
export type MessageRole = 'user' | 'assistant' | 'operator' | 'system';
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';
export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** Where a chat's messages come in; `whatsapp` and `email` chats are answered out on that channel. */
export type ChatChannel = 'web' | 'widget' | 'whatsapp' | 'email' | 'api';

export interface Chat {
  id: string;
  title: string;
  channel: ChatChannel;
  createdAt: string;
  lastMessageAt: string;
  /** Answers here recall the user's memories and may add to them (off: neither). */
  memoryEnabled: boolean;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A passage an answer cites as `[n]`: from one of the user's files (`fileId`) or a web page (`url`). */
export interface Citation {
  n: number;
  fileId?: string;
  url?: string;
  title: string;
  /** The passage itself. */
  snippet: string;
  /** PDF page or slide, 1-based. */
  page?: number;
  /** The heading path, joined with " › ". */
  section?: string;
}

export interface StreamError {
  code: string;
  message: string;
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
  error: StreamError | null;
  createdAt: string;
  completedAt: string | null;
  /** Operator messages and system lines: who wrote them. */
  authorName: string | null;
  /** An answer: the message it answers. */
  replyToId: string | null;
  /** An answer: the memories recalled for it (absent on other messages). */
  memoriesUsed?: MemoryRef[];
  /** An answer: how many task records (plan steps) it has, and how many are done; their details load from `fetchMessage`. */
  taskCount: number;
  tasksDone: number;
  /** An answer: the model's reasoning (models that expose it), and how long it reasoned. */
  thinking: string | null;
  thinkingMs: number | null;
  /** An answer cut off at the model's output token limit: it can be continued. */
  truncated: boolean;
  /** An answer replaced by a newer version (asked again, or its question edited). */
  superseded: boolean;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** How one message sent on a chat's WhatsApp or e-mail channel stands. */
export interface Delivery {
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  /** The last attempt's failure (kept while it is retried), or why it failed for good. */
  error: StreamError | null;
  updatedAt: string;
}

export interface TaskRecord {
  nodeId: string;
  capability: string;
  dependsOn: string[];
  state: TaskState;
  error: string | null;
  resultText: string | null;
  resultFileId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  state: string;
  url: string;
  error?: string;
}

export interface MessageDetail extends Message {
  tasks: TaskRecord[];
  files: StoredFile[];
}

export const CHATS_PAGE_SIZE = 30;
export const MESSAGES_PAGE_SIZE = 50;

function page(limit: number, before?: string): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set('before', before);
  return params.toString();
}

export function listChats(before: string | undefined, signal?: AbortSignal): Promise<Chat[]> {
  return request(`/chats?${page(CHATS_PAGE_SIZE, before)}`, { signal });
}

export function fetchChat(id: string, signal?: AbortSignal): Promise<Chat> {
  return request(`/chats/${encodeURIComponent(id)}`, { signal });
}

/** Turns the chat's use of memories on or off. */
export function setChatMemory(id: string, memoryEnabled: boolean): Promise<Chat> {
  return request(`/chats/${encodeURIComponent(id)}`, { method: 'PATCH', body: { memoryEnabled } });
}

export function deleteChat(id: string): Promise<void> {
  return request(`/chats/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Oldest first; `before` pages back from the oldest message already shown. */
export function listMessages(chatId: string, before: string | undefined, signal?: AbortSignal): Promise<Message[]> {
  return request(`/chats/${encodeURIComponent(chatId)}/messages?${page(MESSAGES_PAGE_SIZE, before)}`, { signal });
}

export function fetchMessage(id: string, signal?: AbortSignal): Promise<MessageDetail> {
  return request(`/messages/${encodeURIComponent(id)}`, { signal });
}

/** A person's reply to a WhatsApp or e-mail conversation: stored as an operator message, then sent on the chat's channel. */
export function sendChannelReply(chatId: string, text: string): Promise<Message> {
  return request(`/chats/${encodeURIComponent(chatId)}/replies`, { method: 'POST', body: { text } });
}

export function listDeliveries(chatId: string, signal?: AbortSignal): Promise<Delivery[]> {
  return request(`/chats/${encodeURIComponent(chatId)}/deliveries`, { signal });
}

export function stopAnswer(trackId: string): Promise<void> {
  return request('/messages/stop', { method: 'POST', body: { trackId } });
}
