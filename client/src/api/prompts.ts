import type { NewTaskPrompt, TaskPrompt, TaskPromptChange } from '../../../src/contracts/routing';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { NewTaskPrompt, TaskPrompt } from '../../../src/contracts/routing';

const path = (id: string) => `/prompts/${encodeURIComponent(id)}`;

export function listPrompts(signal?: AbortSignal): Promise<TaskPrompt[]> {
  return request('/prompts', { signal });
}

export function createPrompt(input: NewTaskPrompt): Promise<TaskPrompt> {
  return request('/prompts', { method: 'POST', body: input });
}

export function updatePrompt({ id, ...change }: TaskPromptChange & { id: string }): Promise<TaskPrompt> {
  return request(path(id), { method: 'PUT', body: change });
}

export function deletePrompt(id: string): Promise<void> {
  return request(path(id), { method: 'DELETE' });
}

export function restoreDefaultPrompt(id: string): Promise<TaskPrompt> {
  return request(`${path(id)}/restore-default`, { method: 'POST' });
}
