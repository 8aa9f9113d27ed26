/** Task prompts and routing settings as they travel in JSON (docs/api.md, prompts and routing). Types only (README, repository layout). */

/** The search providers a task prompt may pick for its web searches. */
export type WebSearchProviderName = 'searxng' | 'brave';

export interface TaskPromptSettings {
  /** Catalogue model id; null or absent = the CHAT binding. */
  model?: string | null;
  /** true: always search, false: never, null: let routing decide. */
  webSearch: boolean | null;
  /** A configured search provider for this topic's web searches; null or absent = SEARCH_PROVIDER. */
  searchProvider?: WebSearchProviderName | null;
  /** File ids of the topic's knowledge (docs/knowledge.md). */
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
  /** `system`: installation-wide; `user`: the caller's own (an override when `overridesSystem`). */
  scope: 'system' | 'user';
  /** A seeded default: cannot be deleted, can be restored. */
  isDefault: boolean;
  /** A user's personal copy of a system prompt (user prompts only). */
  overridesSystem?: boolean;
  updatedAt: string;
}

/** `PUT /prompts/:id`: only what is sent changes (settings keys merge one by one). */
export interface TaskPromptChange {
  topic?: string;
  prompt?: string;
  description?: string;
  selectionRules?: string[];
  enabled?: boolean;
  settings?: Partial<TaskPromptSettings>;
}

/** `POST /prompts`. */
export interface NewTaskPrompt extends Omit<TaskPromptChange, 'topic' | 'prompt'> {
  topic: string;
  prompt: string;
  /** `system` (admins only) creates an installation-wide prompt; default `user`, a personal one. */
  scope?: 'system' | 'user';
}

export interface RoutingSettings {
  routingEnabled: boolean;
  /** null: the capability binding (PLAN, SORT). */
  plannerModel: string | null;
  sorterModel: string | null;
  plannerPrompt: string;
  sorterPrompt: string;
  maxParallel: number;
  nodeTimeoutS: number;
}

/** `PUT /settings/routing`: only what is sent changes; a prompt set to null goes back to the shipped default. */
export interface RoutingSettingsChange extends Partial<Omit<RoutingSettings, 'plannerPrompt' | 'sorterPrompt'>> {
  plannerPrompt?: string | null;
  sorterPrompt?: string | null;
}
