import { Injectable } from '@nestjs/common';
import { isDuplicateKeyError } from '../../common/database-errors';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { TtlCache } from '../../common/ttl-cache';
import { WEB_SEARCH_PROVIDERS } from '../../config/env.schema';
import { isAdmin, type Principal } from '../auth/principal';
import { FilesService } from '../files/files.service';
import { DEFAULT_TASK_PROMPTS, DEFAULT_TOPICS, defaultTaskPrompt } from './default-task-prompts';
import type { CreateTaskPromptDto, TaskPromptSettingsDto, UpdateTaskPromptDto } from './dto/task-prompt.dto';
import { SYSTEM_SCOPE, type TaskPrompt, type TaskPromptSettings } from './task-prompt.entity';
import { TaskPromptsRepository, type NewTaskPrompt, type TaskPromptChanges } from './task-prompts.repository';

/** A task prompt as one user experiences it: their own override wins over the system prompt. */
export interface EffectiveTaskPrompt {
  id: string;
  topic: string;
  description: string;
  prompt: string;
  selectionRules: string[];
  enabled: boolean;
  settings: TaskPromptSettings;
  scope: 'system' | 'user';
  /** A seeded system default (restorable, not deletable). */
  isDefault: boolean;
  /** A personal prompt standing in for the system prompt of the same topic. */
  overridesSystem: boolean;
  updatedAt: Date;
}

type Caller = Pick<Principal, 'userId' | 'currentRole'>;

const notFound = (): AppException => new AppException(ErrorCode.NotFound, 'No such task prompt.');
const topicTaken = (topic: string): AppException =>
  new AppException(ErrorCode.PromptTopicTaken, `A task prompt with the topic "${topic}" already exists.`);

/**
 * Task prompts (`/prompts`, docs/api.md): system prompts for everyone, personal prompts per user. A
 * non-admin who edits a system prompt gets a personal override of the same topic; an admin's edit
 * applies to everyone.
 */
/** How long a node may route with a user's prompt list before reading it again. */
const CACHE_TTL_MS = 2_000;

@Injectable()
export class TaskPromptsService {
  /** The prompts visible to each user: read on every message, changed rarely. */
  private readonly visible = new TtlCache<TaskPrompt[]>(CACHE_TTL_MS, 10_000, { refreshAhead: true });

  constructor(
    private readonly prompts: TaskPromptsRepository,
    private readonly files: FilesService,
  ) {}

  /**
   * The user's effective prompts, in routing priority order: their personal prompts first, then
   * the system prompts they do not override; by topic key within each group. Selection rules are
   * tried in this order, so the list the UI shows is the order rules are evaluated in.
   */
  async listEffective(userId: string): Promise<EffectiveTaskPrompt[]> {
    const rows = await this.visible.get(userId, () => this.prompts.listVisibleTo(userId));
    const systemTopics = new Set(rows.filter((r) => r.scope === SYSTEM_SCOPE).map((r) => r.topic));
    const own = rows.filter((r) => r.scope !== SYSTEM_SCOPE);
    const ownTopics = new Set(own.map((r) => r.topic));
    const byTopic = (a: TaskPrompt, b: TaskPrompt): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
    return [
      ...own.sort(byTopic).map((r) => this.view(r, systemTopics.has(r.topic))),
      ...rows
        .filter((r) => r.scope === SYSTEM_SCOPE && !ownTopics.has(r.topic))
        .sort(byTopic)
        .map((r) => this.view(r, false)),
    ];
  }

  /** The prompt that applies to `topic` for this user (their override wins), enabled or not; null when none. */
  async findForTopic(topic: string, userId: string): Promise<EffectiveTaskPrompt | null> {
    return (await this.listEffective(userId)).find((prompt) => prompt.topic === topic) ?? null;
  }

  async create(caller: Caller, dto: CreateTaskPromptDto): Promise<EffectiveTaskPrompt> {
    const system = dto.scope === 'system';
    if (system && !(await isAdmin(caller))) {
      throw new AppException(ErrorCode.Forbidden, 'Only admins can create system-wide task prompts.');
    }
    const row = await this.insert({
      scope: system ? SYSTEM_SCOPE : caller.userId,
      topic: dto.topic,
      description: dto.description?.trim() ?? '',
      prompt: dto.prompt,
      selectionRules: cleanRules(dto.selectionRules ?? []),
      enabled: dto.enabled ?? true,
      settings: mergeSettings({ webSearch: null }, dto.settings),
    });
    return this.indexDocuments(caller, await this.viewWithOverrideFlag(row));
  }

  /**
   * Edits what the caller may edit: an admin edits a system prompt for everyone; anyone else
   * editing a system prompt creates (or updates) their personal override; own prompts are edited.
   */
  async update(caller: Caller, id: string, dto: UpdateTaskPromptDto): Promise<EffectiveTaskPrompt> {
    const row = await this.prompts.findVisible(caller.userId, id);
    if (!row) throw notFound();
    if (row.scope === SYSTEM_SCOPE && !(await isAdmin(caller))) return this.indexDocuments(caller, await this.saveOverride(caller.userId, row, dto));
    if (dto.topic !== undefined && dto.topic !== row.topic && row.scope === SYSTEM_SCOPE && DEFAULT_TOPICS.has(row.topic)) {
      throw new AppException(ErrorCode.Conflict, 'A default task prompt keeps its topic; create a new prompt instead.');
    }
    const changes = changesFrom(row, dto);
    const updated = await this.updateRow(row.scope, row.id, changes, dto.topic ?? row.topic);
    return this.indexDocuments(caller, await this.viewWithOverrideFlag(updated));
  }

  /**
   * A prompt's documents (`settings.files`, the caller's own uploads) are what answers in its topic
   * are drawn from: they are indexed into the topic's search group, where a file not yet searched
   * anywhere else goes (docs/knowledge.md, Retrieval). Unknown or foreign files are NOT_FOUND.
   */
  private async indexDocuments<P extends Pick<TaskPrompt, 'topic' | 'settings'>>(caller: Caller, prompt: P): Promise<P> {
    const ids = prompt.settings.files ?? [];
    if (ids.length > 0) {
      await this.files.getMany(caller.userId, ids);
      await this.files.prepareForSearch(caller.userId, ids, { kind: 'topic', id: prompt.topic });
    }
    return prompt;
  }

  /** Own personal prompts; admins also system prompts that are not seeded defaults. */
  async remove(caller: Caller, id: string): Promise<void> {
    const row = await this.prompts.findVisible(caller.userId, id);
    if (!row) throw notFound();
    if (row.scope === SYSTEM_SCOPE) {
      if (!(await isAdmin(caller))) throw new AppException(ErrorCode.Forbidden, 'Only admins can delete system task prompts.');
      if (DEFAULT_TOPICS.has(row.topic)) {
        throw new AppException(ErrorCode.Conflict, 'Default task prompts cannot be deleted; disable it, or restore the default text.');
      }
    }
    const deleted = await this.prompts.delete(row.scope, row.id);
    this.visible.invalidate();
    if (!deleted) throw notFound();
  }

  /** Puts a seeded default back as shipped (admins; the controller enforces the role too). */
  async restoreDefault(caller: Caller, id: string): Promise<EffectiveTaskPrompt> {
    if (!(await isAdmin(caller))) throw new AppException(ErrorCode.Forbidden, 'Only admins can restore default task prompts.');
    const row = await this.prompts.findVisible(caller.userId, id);
    if (!row) throw notFound();
    const shipped = row.scope === SYSTEM_SCOPE ? defaultTaskPrompt(row.topic) : undefined;
    if (!shipped) throw new AppException(ErrorCode.Conflict, 'Only seeded default task prompts can be restored.');
    const restored = await this.prompts.update(SYSTEM_SCOPE, row.id, {
      description: shipped.description,
      prompt: shipped.prompt,
      selectionRules: [...shipped.selectionRules],
      enabled: true,
      settings: { ...shipped.settings },
    });
    this.visible.invalidate();
    if (!restored) throw notFound();
    return this.view(restored, false);
  }

  /** Inserts the default system prompts that are missing; returns the topics it inserted. */
  async seedDefaults(): Promise<string[]> {
    const inserted = await this.prompts.insertMissingSystemPrompts(
      DEFAULT_TASK_PROMPTS.map((p) => ({ ...p, selectionRules: [...p.selectionRules], settings: { ...p.settings }, enabled: true })),
    );
    this.visible.invalidate();
    return inserted;
  }

  private async saveOverride(userId: string, system: TaskPrompt, dto: UpdateTaskPromptDto): Promise<EffectiveTaskPrompt> {
    if (dto.topic !== undefined && dto.topic !== system.topic) {
      throw new AppException(ErrorCode.ValidationFailed, 'A personal override keeps the topic of the system prompt it overrides.');
    }
    const existing = await this.prompts.findByTopic(userId, system.topic);
    if (existing) {
      const updated = await this.updateRow(userId, existing.id, changesFrom(existing, dto), existing.topic);
      return this.view(updated, true);
    }
    const row = await this.insert({
      scope: userId,
      topic: system.topic,
      description: dto.description?.trim() ?? system.description,
      prompt: dto.prompt ?? system.prompt,
      selectionRules: dto.selectionRules !== undefined ? cleanRules(dto.selectionRules) : [...system.selectionRules],
      enabled: dto.enabled ?? system.enabled,
      settings: mergeSettings(system.settings, dto.settings),
    });
    return this.view(row, true);
  }

  private async insert(prompt: NewTaskPrompt): Promise<TaskPrompt> {
    try {
      const inserted = await this.prompts.insert(prompt);
      this.visible.invalidate();
      return inserted;
    } catch (error) {
      if (isDuplicateKeyError(error)) throw topicTaken(prompt.topic);
      throw error;
    }
  }

  private async updateRow(scope: string, id: string, changes: TaskPromptChanges, topic: string): Promise<TaskPrompt> {
    let updated: TaskPrompt | null;
    try {
      updated = await this.prompts.update(scope, id, changes);
      this.visible.invalidate();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw topicTaken(topic);
      throw error;
    }
    if (!updated) throw notFound();
    return updated;
  }

  private async viewWithOverrideFlag(row: TaskPrompt): Promise<EffectiveTaskPrompt> {
    const overrides = row.scope !== SYSTEM_SCOPE && (await this.prompts.findByTopic(SYSTEM_SCOPE, row.topic)) !== null;
    return this.view(row, overrides);
  }

  private view(row: TaskPrompt, overridesSystem: boolean): EffectiveTaskPrompt {
    const system = row.scope === SYSTEM_SCOPE;
    return {
      id: row.id,
      topic: row.topic,
      description: row.description,
      prompt: row.prompt,
      selectionRules: Array.isArray(row.selectionRules) ? row.selectionRules : [],
      enabled: Boolean(row.enabled),
      settings: normalizeSettings(row.settings),
      scope: system ? 'system' : 'user',
      isDefault: system && DEFAULT_TOPICS.has(row.topic),
      overridesSystem: !system && overridesSystem,
      updatedAt: row.updatedAt,
    };
  }
}

/** Trimmed, blank-free and without case-insensitive duplicates, in the order given. */
function cleanRules(rules: readonly string[]): string[] {
  const seen = new Set<string>();
  const clean: string[] = [];
  for (const rule of rules) {
    const trimmed = rule.trim().replace(/\s+/g, ' ');
    const key = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(key)) continue;
    seen.add(key);
    clean.push(trimmed);
  }
  return clean;
}

/** Stored settings as the API shows them: webSearch always present (null = auto). */
function normalizeSettings(stored: unknown): TaskPromptSettings {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<TaskPromptSettings>;
  const settings: TaskPromptSettings = { webSearch: typeof value.webSearch === 'boolean' ? value.webSearch : null };
  if (typeof value.model === 'string' || value.model === null) settings.model = value.model;
  if (value.searchProvider === null || WEB_SEARCH_PROVIDERS.some((name) => name === value.searchProvider)) settings.searchProvider = value.searchProvider;
  if (Array.isArray(value.files)) settings.files = value.files.filter((f): f is string => typeof f === 'string');
  return settings;
}

/** Applies the settings keys that were sent; an explicit null is kept (webSearch null = auto). */
function mergeSettings(current: unknown, patch: TaskPromptSettingsDto | undefined): TaskPromptSettings {
  const merged = normalizeSettings(current);
  if (!patch) return merged;
  if (patch.webSearch !== undefined) merged.webSearch = patch.webSearch;
  if (patch.model !== undefined) merged.model = patch.model;
  if (patch.searchProvider !== undefined) merged.searchProvider = patch.searchProvider;
  if (patch.files !== undefined) merged.files = [...new Set(patch.files)];
  return merged;
}

function changesFrom(row: TaskPrompt, dto: UpdateTaskPromptDto): TaskPromptChanges {
  const changes: TaskPromptChanges = {};
  if (dto.topic !== undefined && dto.topic !== row.topic) changes.topic = dto.topic;
  if (dto.description !== undefined) changes.description = dto.description.trim();
  if (dto.prompt !== undefined) changes.prompt = dto.prompt;
  if (dto.selectionRules !== undefined) changes.selectionRules = cleanRules(dto.selectionRules);
  if (dto.enabled !== undefined) changes.enabled = dto.enabled;
  if (dto.settings !== undefined) changes.settings = mergeSettings(row.settings, dto.settings);
  return changes;
}
