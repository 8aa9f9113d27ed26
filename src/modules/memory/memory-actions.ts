import { stripCodeFence } from '../routing/sorter-output';
import { collapseSpaces } from './dto/memory.dto';
import { MAX_MEMORY_KEY_CHARS, MAX_MEMORY_VALUE_CHARS, MEMORY_CATEGORIES, type MemoryCategory } from './memory.entity';

/**
 * A change extraction proposes to a user's memories: `create` a fact (replacing the one with the
 * same category and key), `update` the memory `id`, `delete` the memory `id`.
 */
export type MemoryAction =
  | { op: 'create'; category: MemoryCategory; key: string; value: string }
  | { op: 'update'; id: string; category: MemoryCategory; key: string; value: string }
  | { op: 'delete'; id: string };

/** A memory as extraction sees it. */
export interface KnownMemory {
  id: string;
  category: MemoryCategory;
  key: string;
  value: string;
}

/** A model proposing more than this for one message is not extracting facts; the rest is ignored. */
const MAX_ACTIONS = 20;
/** Raw model output past this is not read at all (a JSON object of 20 short facts is far smaller). */
const MAX_OUTPUT_CHARS = 50_000;

export interface ParsedActions {
  actions: MemoryAction[];
  /** Proposals left out: malformed, an unknown category, an id that is not one of the user's memories. */
  ignored: number;
  /** Why nothing could be read at all, when so. */
  error?: string;
}

/**
 * Validates a MEM model's answer `{actions: [{op, id?, category, key, value?}]}` strictly: each
 * proposal is taken only when complete and valid (ops create|update|delete, a known category, a
 * key of 1–100 and a value of 1–1000 characters, an `id` among `knownIds` for update and delete),
 * and left out otherwise. Never throws: a model's garbage must not send the job into retries.
 */
export function parseMemoryActions(raw: string, knownIds: ReadonlySet<string>): ParsedActions {
  if (raw.length > MAX_OUTPUT_CHARS) return { actions: [], ignored: 0, error: 'the answer is too long' };
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(raw));
  } catch {
    return { actions: [], ignored: 0, error: 'the answer is not a JSON object' };
  }
  const list = isRecord(value) ? value.actions : undefined;
  if (!Array.isArray(list)) return { actions: [], ignored: 0, error: 'the answer has no "actions" array' };
  const actions: MemoryAction[] = [];
  for (const item of list.slice(0, MAX_ACTIONS)) {
    const action = toAction(item, knownIds);
    if (action) actions.push(action);
  }
  return { actions, ignored: list.length - actions.length };
}

function toAction(item: unknown, knownIds: ReadonlySet<string>): MemoryAction | null {
  if (!isRecord(item)) return null;
  const { op, id } = item;
  if (op === 'delete') return typeof id === 'string' && knownIds.has(id) ? { op, id } : null;
  if (op !== 'create' && op !== 'update') return null;
  const fields = factFields(item);
  if (!fields) return null;
  if (op === 'create') return { op, ...fields };
  return typeof id === 'string' && knownIds.has(id) ? { op, id, ...fields } : null;
}

function factFields(item: Record<string, unknown>): { category: MemoryCategory; key: string; value: string } | null {
  const { category, key, value } = item;
  if (typeof category !== 'string' || !(MEMORY_CATEGORIES as readonly string[]).includes(category)) return null;
  if (typeof key !== 'string' || typeof value !== 'string') return null;
  const cleanKey = collapseSpaces(key);
  const cleanValue = collapseSpaces(value);
  if (!cleanKey || cleanKey.length > MAX_MEMORY_KEY_CHARS || !cleanValue || cleanValue.length > MAX_MEMORY_VALUE_CHARS) return null;
  return { category: category as MemoryCategory, key: cleanKey, value: cleanValue };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The facts as one line each, for a system prompt. */
export function memoryLine(memory: Pick<KnownMemory, 'key' | 'value'>): string {
  return `- ${memory.key}: ${memory.value}`;
}

/**
 * Recalled memories as material for a system prompt: what the user told earlier, to be used where
 * it helps and never recited. Empty when there are none, so callers can append it unconditionally.
 */
export function memoriesForPrompt(memories: ReadonlyArray<Pick<KnownMemory, 'key' | 'value'>>): string {
  if (memories.length === 0) return '';
  return ['Known facts about the user:', ...memories.map(memoryLine)].join('\n');
}
