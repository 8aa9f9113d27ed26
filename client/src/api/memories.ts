import type { Memory, MemoryCategory, MemoryFields } from '../../../src/contracts/memories';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { Memory, MemoryCategory, MemoryFields, MemoryRef } from '../../../src/contracts/memories';

/** The server's categories, in the order the Memories page shows them (contracts.spec.ts checks none is missing). */
export const MEMORY_CATEGORIES = ['personal', 'preferences', 'work', 'health', 'relationships', 'other'] as const satisfies readonly MemoryCategory[];

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
