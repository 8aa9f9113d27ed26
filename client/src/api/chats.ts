import { request } from './http';

export type MessageRole = 'user' | 'assistant';
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';
export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface Chat {
  id: string;
  title: string;
  channel: string;
  createdAt: string;
  lastMessageAt: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface Citation {
  n: number;
  fileId?: string;
  url?: string;
  title: string;
  snippet: string;
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

export function stopAnswer(trackId: string): Promise<void> {
  return request('/messages/stop', { method: 'POST', body: { trackId } });
}
