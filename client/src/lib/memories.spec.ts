import { describe, expect, it, vi } from 'vitest';
import type { Memory, MemoryCategory } from '../api/memories';
import { checkMemoryFields, countByCategory, groupMemories, MEMORY_KEY_MAX, memoryWithKey, withSavedMemory } from './memories';

vi.mock('../api/http', () => import('../api/fake-http'));

let nextId = 1;
function memory(category: MemoryCategory, key: string, value: string): Memory {
  const at = '2026-01-01T10:00:00.000Z';
  return { id: `m${nextId++}`, category, key, value, sourceChatId: null, createdAt: at, updatedAt: at };
}

const name = memory('personal', 'Name', 'Ada');
const food = memory('preferences', 'Favourite food', 'Lasagne');
const employer = memory('work', 'Employer', 'Analytical Engines Ltd');
const drink = memory('preferences', 'Drink', 'Tea, no sugar');
// Newest first, as the server sends them.
const all = [drink, employer, food, name];

describe('grouping memories', () => {
  it('groups by category in the fixed order, leaving empty categories out and keeping the list order within each', () => {
    const groups = groupMemories(all, { category: 'all', query: '' });
    expect(groups.map((group) => [group.label, group.memories.map((item) => item.key)])).toEqual([
      ['Personal', ['Name']],
      ['Preferences', ['Drink', 'Favourite food']],
      ['Work', ['Employer']],
    ]);
  });

  it('filters by text in the key or the value, ignoring case and surrounding spaces', () => {
    expect(groupMemories(all, { category: 'all', query: '  LASAG ' }).flatMap((group) => group.memories)).toEqual([food]);
    expect(groupMemories(all, { category: 'all', query: 'employer' }).flatMap((group) => group.memories)).toEqual([employer]);
    expect(groupMemories(all, { category: 'all', query: 'nothing like this' })).toEqual([]);
  });

  it('filters by category, together with the text', () => {
    expect(groupMemories(all, { category: 'preferences', query: '' }).map((group) => group.memories)).toEqual([[drink, food]]);
    expect(groupMemories(all, { category: 'preferences', query: 'tea' }).map((group) => group.memories)).toEqual([[drink]]);
    expect(groupMemories(all, { category: 'health', query: '' })).toEqual([]);
  });

  it('counts each category and all of them, zero for the empty ones', () => {
    expect(countByCategory(all)).toEqual({ all: 4, personal: 1, preferences: 2, work: 1, health: 0, relationships: 0, other: 0 });
    expect(countByCategory([]).all).toBe(0);
  });
});

describe('the list after a save', () => {
  it('puts a created memory first and drops the one with the same category and key (in any case) it replaced', () => {
    const replacement = memory('preferences', 'favourite FOOD', 'Risotto');
    expect(withSavedMemory(all, replacement)).toEqual([replacement, drink, employer, name]);
    // The same key in another category is another memory.
    const other = memory('other', 'Favourite food', 'Cake');
    expect(withSavedMemory(all, other)).toEqual([other, ...all]);
  });

  it('finds the memory a new one would replace, matching the key as the server does', () => {
    expect(memoryWithKey(all, 'preferences', '  favourite   food ')).toBe(food);
    expect(memoryWithKey(all, 'personal', 'Favourite food')).toBeUndefined();
    expect(memoryWithKey(all, 'preferences', '  ')).toBeUndefined();
  });

  it('moves an edited memory first, as the server orders by last change', () => {
    const edited = { ...food, value: 'Lasagne, no mushrooms' };
    expect(withSavedMemory(all, edited)).toEqual([edited, drink, employer, name]);
  });
});

describe('checking the form', () => {
  it('trims the key and value and collapses runs of whitespace, as the server stores them', () => {
    expect(checkMemoryFields({ category: 'work', key: ' Job   role ', value: ' Engineer\n' })).toEqual({ fields: { category: 'work', key: 'Job role', value: 'Engineer' } });
  });

  it('asks for a key and a value, and refuses a key that is too long', () => {
    expect(checkMemoryFields({ category: 'work', key: '  ', value: 'x' })).toHaveProperty('error');
    expect(checkMemoryFields({ category: 'work', key: 'Role', value: ' ' })).toHaveProperty('error');
    expect(checkMemoryFields({ category: 'work', key: 'k'.repeat(MEMORY_KEY_MAX + 1), value: 'x' })).toHaveProperty('error');
    expect(checkMemoryFields({ category: 'work', key: 'k'.repeat(MEMORY_KEY_MAX), value: 'x' })).toHaveProperty('fields');
  });
});
