import type { ModelCapability, ResolvedModel } from '../ai.types';
import { OFFLINE_PROVIDER_ID } from '../providers/offline.provider';

/** What resolution needs to know of a catalogue model. */
export interface CatalogueModel {
  id: string;
  provider: string;
  name: string;
  label: string;
  capabilities: readonly ModelCapability[];
}

export type ResolutionSource = 'explicit' | 'user' | 'global' | 'auto';

export interface BindingIds {
  user?: string;
  global?: string;
}

/**
 * The model for `capability` among `candidates` (usable models, in preference order): the user's
 * binding, else the global binding, else the first candidate that supports it. A binding to a model
 * that is gone or cannot do the capability is passed over, not obeyed.
 */
export function pickModel(
  capability: ModelCapability,
  candidates: readonly CatalogueModel[],
  bindings: BindingIds,
): { model: CatalogueModel; source: ResolutionSource } | undefined {
  const usable = (id: string | undefined): CatalogueModel | undefined =>
    id === undefined ? undefined : candidates.find((m) => m.id === id && m.capabilities.includes(capability));
  const user = usable(bindings.user);
  if (user) return { model: user, source: 'user' };
  const global = usable(bindings.global);
  if (global) return { model: global, source: 'global' };
  const auto = candidates.find((m) => m.capabilities.includes(capability));
  return auto ? { model: auto, source: 'auto' } : undefined;
}

export function toResolvedModel(model: CatalogueModel): ResolvedModel {
  return { id: model.id, provider: model.provider, name: model.name, label: model.label, offline: model.provider === OFFLINE_PROVIDER_ID };
}
