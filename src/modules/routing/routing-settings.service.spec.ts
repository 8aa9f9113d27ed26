import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockService } from '../../infra/redis/lock.service';
import { DEFAULT_PLANNER_PROMPT } from '../planner/planner-prompt';
import type { AppSettingsService } from '../settings/app-settings.service';
import { ROUTING_SETTINGS_NAME, RoutingSettingsService } from './routing-settings.service';
import { DEFAULT_SORTER_PROMPT } from './sorter-prompt';

/** AppSettingsService's contract (stored values merged over defaults) in memory. */
class FakeAppSettings implements Pick<AppSettingsService, 'get' | 'put'> {
  readonly stored = new Map<string, unknown>();
  reads = 0;

  get<T extends object>(name: string, defaults: T): Promise<T> {
    this.reads++;
    const value = this.stored.get(name);
    return Promise.resolve(value && typeof value === 'object' ? { ...defaults, ...(structuredClone(value) as Partial<T>) } : { ...defaults });
  }

  put<T extends object>(name: string, value: T): Promise<T> {
    this.stored.set(name, structuredClone(value));
    return Promise.resolve(value);
  }
}

const passThroughLock = { withLock: <T>(_: string, work: () => Promise<T>) => work() } as unknown as LockService;

describe('RoutingSettingsService', () => {
  let store: FakeAppSettings;
  let service: RoutingSettingsService;

  beforeEach(() => {
    store = new FakeAppSettings();
    service = new RoutingSettingsService(store as unknown as AppSettingsService, passThroughLock);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts from the documented defaults', async () => {
    expect(await service.get()).toEqual({
      routingEnabled: true,
      plannerModel: null,
      sorterModel: null,
      plannerPrompt: DEFAULT_PLANNER_PROMPT,
      sorterPrompt: DEFAULT_SORTER_PROMPT,
      maxParallel: 3,
      nodeTimeoutS: 120,
    });
  });

  it('applies partial changes and keeps the rest', async () => {
    await service.update({ maxParallel: 5, sorterModel: 'openai:gpt-4o-mini' });
    const next = await service.update({ routingEnabled: false });

    expect(next).toMatchObject({ routingEnabled: false, maxParallel: 5, sorterModel: 'openai:gpt-4o-mini', nodeTimeoutS: 120 });
    expect(await service.get()).toEqual(next);
  });

  it('stores prompts equal to the default as "default", and null restores the default', async () => {
    await service.update({ plannerPrompt: DEFAULT_PLANNER_PROMPT, sorterPrompt: 'Sort carefully. {{topics}}' });
    expect(store.stored.get(ROUTING_SETTINGS_NAME)).toMatchObject({ plannerPrompt: null, sorterPrompt: 'Sort carefully. {{topics}}' });

    const restored = await service.update({ sorterPrompt: null });
    expect(restored.sorterPrompt).toBe(DEFAULT_SORTER_PROMPT);
  });

  it('repairs a stored document with wrong types or out-of-range numbers', async () => {
    store.stored.set(ROUTING_SETTINGS_NAME, { routingEnabled: 'yes', maxParallel: 99, nodeTimeoutS: 1, plannerModel: 7, sorterPrompt: '   ' });
    expect(await service.get()).toMatchObject({ routingEnabled: true, maxParallel: 8, nodeTimeoutS: 5, plannerModel: null, sorterPrompt: DEFAULT_SORTER_PROMPT });
  });

  it('caches briefly, sees its own changes at once and other nodes\u2019 changes within seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await service.get();
    await service.get();
    expect(store.reads).toBe(1);

    const otherNode = new RoutingSettingsService(store as unknown as AppSettingsService, passThroughLock);
    await otherNode.update({ routingEnabled: false });
    expect((await service.get()).routingEnabled).toBe(true);

    vi.setSystemTime(Date.now() + 5_000);
    expect((await service.get()).routingEnabled).toBe(false);
  });
});
