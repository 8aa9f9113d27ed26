import type { Model, ModelCapability, ModelSettings, ModelSettingsChange } from '../../../src/contracts/models';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { Model, ModelSettings } from '../../../src/contracts/models';

/** Capabilities a model can be bound to, in the order the settings show them (contracts.spec.ts checks none is missing). */
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
] as const satisfies readonly ModelCapability[];

export function listModels(signal?: AbortSignal): Promise<Model[]> {
  return request('/models', { signal });
}

export function fetchModelSettings(signal?: AbortSignal): Promise<ModelSettings> {
  return request('/settings/models', { signal });
}

export function updateModelSettings(change: ModelSettingsChange): Promise<ModelSettings> {
  return request('/settings/models', { method: 'PUT', body: change });
}
