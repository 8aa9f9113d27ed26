import type { RoutingSettings, RoutingSettingsChange } from '../../../src/contracts/routing';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { RoutingSettings } from '../../../src/contracts/routing';

export interface RoutingTrial {
  classification: {
    topic: string;
    language: string;
    source: string;
    webSearch: boolean;
    multiStep: boolean;
    media?: string | string[] | null;
  };
  plan: {
    version: number;
    language: string;
    replyNode: string;
    tasks: Array<{ id: string; capability: string; dependsOn: string[]; inputs: Record<string, unknown>; params: Record<string, unknown> }>;
  } | null;
  /** `fallback`: the planner's output was unusable and one chat node stands in. */
  planSource?: 'planner' | 'fallback' | null;
  /** Why there is no plan, or why it fell back. */
  note?: string | null;
}

export function fetchRoutingSettings(signal?: AbortSignal): Promise<RoutingSettings> {
  return request('/settings/routing', { signal });
}

export function updateRoutingSettings(change: RoutingSettingsChange): Promise<RoutingSettings> {
  return request('/settings/routing', { method: 'PUT', body: change });
}

export function tryRouting(message: string): Promise<RoutingTrial> {
  return request('/settings/routing/try', { method: 'POST', body: { message } });
}
