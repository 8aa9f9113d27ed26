import { request } from './http';

/** The server's categories, in the order the Memories page shows them. */
export const MEMORY_CATEGORIES = ['personal', 'preferences', 'work', 'health', 'relationships', 'other'] as const;
export type MemoryCategory = (typeof MEMORY_CATEGORIES)[number];

/** What an answer recalled: enough to show it and to find it on the Memories page. */
export interface MemoryRef {
  id: string;
  category: MemoryCategory;
  key: string;
  value: string;
}

export interface Memory extends MemoryRef {
  /** The chat it was learnt in; null when the user added it by hand. */
  sourceChatId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemoryFields {
  category: MemoryCategory;
  key: string;
  value: string;
}

const path = (id: string) => `/memories/${encodeURIComponent(id)}`;

/** Newest first. */
export function listMemories(signal?: AbortSignal): Promise<Memory[]> {
  return request('/memories', { signal });
}

/** Creates the memory, or replaces the one with the same category and key. */
export function createMemory(fields: MemoryFields): Promise<Memory> {
  return request('/memories', { method: 'POST', body: fields });
}

/** 409 MEMORY_EXISTS when the new category and key are another memory's. */
export function updateMemory({ id, ...change }: Partial<MemoryFields> & { id: string }): Promise<Memory> {
  return request(path(id), { method: 'PUT', body: change });
}

export function deleteMemory(id: string): Promise<void> {
  return request(path(id), { method: 'DELETE' });
}

export function deleteAllMemories(): Promise<void> {
  return request('/memories', { method: 'DELETE' });
}
