import { request } from './http';

export interface TaskPromptSettings {
  model?: string | null;
  /** true: always search, false: never, null: let routing decide. */
  webSearch: boolean | null;
  files?: string[];
}

export interface TaskPrompt {
  id: string;
  topic: string;
  description: string;
  prompt: string;
  selectionRules: string[];
  enabled: boolean;
  settings: TaskPromptSettings;
  scope: 'system' | 'user';
  /** A seeded default: cannot be deleted, can be restored. */
  isDefault: boolean;
  /** A user's personal copy of a system prompt. */
  overridesSystem?: boolean;
  updatedAt: string;
}

export interface TaskPromptFields {
  description: string;
  prompt: string;
  selectionRules: string[];
  enabled: boolean;
  settings: { model?: string | null; webSearch: boolean | null };
}

export interface NewTaskPrompt extends TaskPromptFields {
  topic: string;
  scope?: 'system' | 'user';
}

const path = (id: string) => `/prompts/${encodeURIComponent(id)}`;

export function listPrompts(signal?: AbortSignal): Promise<TaskPrompt[]> {
  return request('/prompts', { signal });
}

export function createPrompt(input: NewTaskPrompt): Promise<TaskPrompt> {
  return request('/prompts', { method: 'POST', body: input });
}

export function updatePrompt({ id, ...change }: Partial<TaskPromptFields> & { id: string }): Promise<TaskPrompt> {
  return request(path(id), { method: 'PUT', body: change });
}

export function deletePrompt(id: string): Promise<void> {
  return request(path(id), { method: 'DELETE' });
}

export function restoreDefaultPrompt(id: string): Promise<TaskPrompt> {
  return request(`${path(id)}/restore-default`, { method: 'POST' });
}
