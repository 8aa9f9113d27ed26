import type { Chat, Delivery, Message, MessageDetail } from '../../../src/contracts/chat';
import { request } from './http';

/** The wire types are the server's contract (src/contracts), not copies: re-exported here for the views that import them with the calls. */
export type {
  Chat,
  ChatChannel,
  Citation,
  Delivery,
  DeliveryStatus,
  ErrorInfo as StreamError,
  Message,
  MessageDetail,
  MessageRole,
  MessageStatus,
  TaskRecord,
  TaskState,
  TokenUsage,
} from '../../../src/contracts/chat';
export type { StoredFile } from '../../../src/contracts/files';

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
