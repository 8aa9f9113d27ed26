/** The model catalogue and its bindings as they travel in JSON (docs/api.md, models). Types only (README, repository layout). */

/** What a model can be bound to (`/settings/models`). */
export type ModelCapability = 'CHAT' | 'SORT' | 'PLAN' | 'SUMMARIZE' | 'MEM' | 'VECTORIZE' | 'TEXT2PIC' | 'TEXT2SOUND' | 'SOUND2TEXT' | 'PIC2TEXT';

export interface Model {
  /** What clients send as `modelId`. */
  id: string;
  provider: string;
  name: string;
  label: string;
  capabilities: ModelCapability[];
  /** The built-in model-free provider: the UI labels its answers. */
  offline: boolean;
}

/** A model id per capability; null where nothing is bound (or, for `effective`, nothing can serve). */
export type CapabilityBindings = Record<ModelCapability, string | null>;

/** `GET /settings/models`. */
export interface ModelSettings {
  global: CapabilityBindings;
  /** The caller's personal overrides. */
  user: CapabilityBindings;
  /** What resolution picks for the caller right now. */
  effective: CapabilityBindings;
}

/** `PUT /settings/models`: a model id binds a capability, null removes the binding, absent leaves it. */
export interface ModelSettingsChange {
  /** `global` (admins) or `user` (the caller's own overrides). */
  scope: 'global' | 'user';
  bindings: Partial<CapabilityBindings>;
}
