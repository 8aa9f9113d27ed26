import { request } from './http';

/** Capabilities a model can be bound to (`/settings/models`). */
export const MODEL_CAPABILITIES = [
  'CHAT',
  'SORT',
  'PLAN',
  'SUMMARIZE',
  'MEM',
  'VECTORIZE',
  'TEXT2PIC',
  'TEXT2SOUND',
  'SOUND2TEXT',
  'PIC2TEXT',
] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

export interface Model {
  id: string;
  provider: string;
  name: string;
  label: string;
  capabilities: string[];
  /** The built-in model-free provider. */
  offline: boolean;
}

export type Bindings = Partial<Record<string, string | null>>;

export interface ModelSettings {
  global: Bindings;
  user: Bindings;
  effective: Bindings;
}

export interface ModelSettingsChange {
  scope: 'global' | 'user';
  bindings: Bindings;
}

export function listModels(signal?: AbortSignal): Promise<Model[]> {
  return request('/models', { signal });
}

export function fetchModelSettings(signal?: AbortSignal): Promise<ModelSettings> {
  return request('/settings/models', { signal });
}

export function updateModelSettings(change: ModelSettingsChange): Promise<ModelSettings> {
  return request('/settings/models', { method: 'PUT', body: change });
}
