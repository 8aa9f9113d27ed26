import { MEMORY_CATEGORIES, type Memory, type MemoryCategory, type MemoryFields } from '../api/memories';

export const CATEGORY_LABELS: Record<MemoryCategory, string> = {
  personal: 'Personal',
  preferences: 'Preferences',
  work: 'Work',
  health: 'Health',
  relationships: 'Relationships',
  other: 'Other',
};

/** The server's limits (src/modules/memory/memory.entity.ts). */
export const MEMORY_KEY_MAX = 100;
export const MEMORY_VALUE_MAX = 1000;

export interface MemoryGroup {
  category: MemoryCategory;
  label: string;
  memories: Memory[];
}

/** Which memories the page shows: one category or all, and text the key or value contains. */
export interface MemoryFilter {
  category: MemoryCategory | 'all';
  query: string;
}

/**
 * The memories that pass the filter, grouped by category in the page's fixed order; empty groups
 * are left out. Each group keeps the list's order (newest first, as the server sends it).
 */
export function groupMemories(memories: readonly Memory[], filter: MemoryFilter): MemoryGroup[] {
  const needle = filter.query.trim().toLowerCase();
  const shown = memories.filter(
    (memory) =>
      (filter.category === 'all' || memory.category === filter.category) &&
      (!needle || memory.key.toLowerCase().includes(needle) || memory.value.toLowerCase().includes(needle)),
  );
  return MEMORY_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    memories: shown.filter((memory) => memory.category === category),
  })).filter((group) => group.memories.length > 0);
}

/** How many memories each category holds, and all of them, for the filter chips. */
export function countByCategory(memories: readonly Memory[]): Record<MemoryCategory | 'all', number> {
  const counts = { all: memories.length } as Record<MemoryCategory | 'all', number>;
  for (const category of MEMORY_CATEGORIES) counts[category] = 0;
  for (const memory of memories) counts[memory.category] += 1;
  return counts;
}

/**
 * The list after the server saved `saved` (created or edited): it goes first, as the server
 * orders by last change, and its old copy goes, as does a memory it replaced (creating one with
 * an existing category and key replaces that one; the server compares keys ignoring case).
 */
export function withSavedMemory(memories: readonly Memory[], saved: Memory): Memory[] {
  const replaced = memoryWithKey(memories, saved.category, saved.key);
  return [saved, ...memories.filter((memory) => memory.id !== saved.id && memory !== replaced)];
}

/** The memory a new one with this category and key would replace, if any. */
export function memoryWithKey(memories: readonly Memory[], category: MemoryCategory, key: string): Memory | undefined {
  const wanted = collapseSpaces(key).toLowerCase();
  return wanted ? memories.find((memory) => memory.category === category && memory.key.toLowerCase() === wanted) : undefined;
}

/** As the server stores text: trimmed, each run of whitespace one space. */
function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The form's fields as the server will store them, or what to fix first. */
export function checkMemoryFields(fields: MemoryFields): { fields: MemoryFields } | { error: string } {
  const key = collapseSpaces(fields.key);
  const value = collapseSpaces(fields.value);
  if (!key) return { error: 'Say what the memory is about, e.g. “Favourite food”.' };
  if (!value) return { error: 'Write what Switchboard should remember.' };
  if (key.length > MEMORY_KEY_MAX) return { error: `Keep the name to ${MEMORY_KEY_MAX} characters.` };
  if (value.length > MEMORY_VALUE_MAX) return { error: `Keep the memory to ${MEMORY_VALUE_MAX} characters.` };
  return { fields: { category: fields.category, key, value } };
}

export function isMemoryCategory(value: string): value is MemoryCategory {
  return (MEMORY_CATEGORIES as readonly string[]).includes(value);
}
