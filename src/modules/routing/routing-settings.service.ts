import { Injectable } from '@nestjs/common';
import { TtlCache } from '../../common/ttl-cache';
import { LockService } from '../../infra/redis/lock.service';
import { DEFAULT_PLANNER_PROMPT } from '../planner/planner-prompt';
import { AppSettingsService } from '../settings/app-settings.service';
import type { RoutingSettings } from './classification';
import { DEFAULT_SORTER_PROMPT } from './sorter-prompt';

export const ROUTING_SETTINGS_NAME = 'routing';
/**
 * How long one process trusts its copy. Another node's change shows up here within this time;
 * this node's own changes at once. Short enough that an admin's switch "just works".
 */
const CACHE_TTL_MS = 2_000;

export const MAX_PARALLEL_RANGE = { min: 1, max: 8 } as const;
export const NODE_TIMEOUT_S_RANGE = { min: 5, max: 600 } as const;

/** The stored document: prompts are null while they are the default, so improved defaults reach old installs. */
interface StoredRoutingSettings {
  routingEnabled: boolean;
  plannerModel: string | null;
  sorterModel: string | null;
  plannerPrompt: string | null;
  sorterPrompt: string | null;
  maxParallel: number;
  nodeTimeoutS: number;
}

/** A change: absent keys stay; `plannerPrompt`/`sorterPrompt` null restores the default text. */
export type RoutingSettingsPatch = Partial<StoredRoutingSettings>;

const STORED_DEFAULTS: StoredRoutingSettings = {
  routingEnabled: true,
  plannerModel: null,
  sorterModel: null,
  plannerPrompt: null,
  sorterPrompt: null,
  maxParallel: 3,
  nodeTimeoutS: 120,
};

/** Routing settings (`/settings/routing`, docs/api.md), stored as the `routing` app setting. */
@Injectable()
export class RoutingSettingsService {
  private readonly cache = new TtlCache<RoutingSettings>(CACHE_TTL_MS, 1, { refreshAhead: true });

  constructor(
    private readonly appSettings: AppSettingsService,
    private readonly lock: LockService,
  ) {}

  /** The shipped defaults, with the default prompt texts. */
  defaults(): RoutingSettings {
    return resolve(STORED_DEFAULTS);
  }

  async get(): Promise<RoutingSettings> {
    const value = await this.cache.get(ROUTING_SETTINGS_NAME, async () =>
      resolve(sanitize(await this.appSettings.get<Record<string, unknown>>(ROUTING_SETTINGS_NAME, { ...STORED_DEFAULTS }))),
    );
    return { ...value };
  }

  /** Applies a partial change atomically across nodes and returns the settings now in force. */
  async update(patch: RoutingSettingsPatch): Promise<RoutingSettings> {
    const value = await this.lock.withLock(
      'routing:settings',
      async () => {
        const current = sanitize(await this.appSettings.get<Record<string, unknown>>(ROUTING_SETTINGS_NAME, { ...STORED_DEFAULTS }));
        const next: StoredRoutingSettings = { ...current };
        for (const key of Object.keys(STORED_DEFAULTS) as Array<keyof StoredRoutingSettings>) {
          if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
        }
        // A prompt saved unchanged from the default stays "default", so it follows future defaults.
        if (next.plannerPrompt === DEFAULT_PLANNER_PROMPT) next.plannerPrompt = null;
        if (next.sorterPrompt === DEFAULT_SORTER_PROMPT) next.sorterPrompt = null;
        const stored = sanitize(next as unknown as Record<string, unknown>);
        await this.appSettings.put(ROUTING_SETTINGS_NAME, stored);
        return resolve(stored);
      },
      { waitMs: 10_000 },
    );
    this.cache.invalidate();
    return { ...value };
  }
}

function resolve(stored: StoredRoutingSettings): RoutingSettings {
  return {
    ...stored,
    plannerPrompt: stored.plannerPrompt ?? DEFAULT_PLANNER_PROMPT,
    sorterPrompt: stored.sorterPrompt ?? DEFAULT_SORTER_PROMPT,
  };
}

/** Whatever is stored (an older or hand-edited document), as a well-typed value within bounds. */
function sanitize(raw: Record<string, unknown>): StoredRoutingSettings {
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const int = (value: unknown, fallback: number, range: { min: number; max: number }): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(range.max, Math.max(range.min, Math.round(value))) : fallback;
  return {
    routingEnabled: typeof raw.routingEnabled === 'boolean' ? raw.routingEnabled : STORED_DEFAULTS.routingEnabled,
    plannerModel: text(raw.plannerModel),
    sorterModel: text(raw.sorterModel),
    plannerPrompt: text(raw.plannerPrompt),
    sorterPrompt: text(raw.sorterPrompt),
    maxParallel: int(raw.maxParallel, STORED_DEFAULTS.maxParallel, MAX_PARALLEL_RANGE),
    nodeTimeoutS: int(raw.nodeTimeoutS, STORED_DEFAULTS.nodeTimeoutS, NODE_TIMEOUT_S_RANGE),
  };
}
