import { describe, expect, it } from 'vitest';
import { memoriesForPrompt, parseMemoryActions } from './memory-actions';

const KNOWN = new Set(['m1', 'm2']);

describe('parseMemoryActions', () => {
  it('takes valid creates, updates and deletes, trimmed', () => {
    const raw = JSON.stringify({
      actions: [
        { op: 'create', category: 'personal', key: ' lives  in ', value: 'Berlin ' },
        { op: 'update', id: 'm1', category: 'work', key: 'job', value: 'nurse' },
        { op: 'delete', id: 'm2' },
      ],
    });
    expect(parseMemoryActions(raw, KNOWN)).toEqual({
      actions: [
        { op: 'create', category: 'personal', key: 'lives in', value: 'Berlin' },
        { op: 'update', id: 'm1', category: 'work', key: 'job', value: 'nurse' },
        { op: 'delete', id: 'm2' },
      ],
      ignored: 0,
    });
  });

  it('reads an answer wrapped in a code fence, and ignores extra fields', () => {
    const raw = '```json\n{"actions":[{"op":"create","category":"health","key":"diet","value":"vegan","confidence":0.9}],"reason":"said so"}\n```';
    expect(parseMemoryActions(raw, KNOWN).actions).toEqual([{ op: 'create', category: 'health', key: 'diet', value: 'vegan' }]);
  });

  it('leaves out proposals that are incomplete, invalid or about memories the user does not have', () => {
    const raw = JSON.stringify({
      actions: [
        { op: 'update', id: 'someone-elses', category: 'work', key: 'job', value: 'pilot' },
        { op: 'delete', id: 'm9' },
        { op: 'delete' },
        { op: 'create', category: 'hobbies', key: 'sport', value: 'golf' },
        { op: 'create', category: 'work', key: '', value: 'x' },
        { op: 'create', category: 'work', key: 'k'.repeat(101), value: 'x' },
        { op: 'create', category: 'work', key: 'job', value: 'v'.repeat(1001) },
        { op: 'create', category: 'work', key: 'job', value: 42 },
        { op: 'merge', category: 'work', key: 'job', value: 'x' },
        'create a memory',
        null,
        { op: 'create', category: 'work', key: 'job', value: 'baker' },
      ],
    });
    expect(parseMemoryActions(raw, KNOWN)).toEqual({ actions: [{ op: 'create', category: 'work', key: 'job', value: 'baker' }], ignored: 11 });
  });

  it('answers garbage with no actions and a reason, never an exception', () => {
    for (const raw of ['', 'Sure! Here are the facts: the user lives in Berlin.', '{"actions": "none"}', '[]', 'null', '{"actions": [', '{}', 'x'.repeat(60_000)]) {
      const parsed = parseMemoryActions(raw, KNOWN);
      expect(parsed.actions).toEqual([]);
      expect(parsed.error).toEqual(expect.any(String));
    }
  });

  it('reads at most 20 proposals of one answer', () => {
    const actions = Array.from({ length: 50 }, (_, i) => ({ op: 'create', category: 'other', key: `k${i}`, value: 'v' }));
    expect(parseMemoryActions(JSON.stringify({ actions }), KNOWN).actions).toHaveLength(20);
  });
});

describe('memoriesForPrompt', () => {
  it('lists the facts under one heading, one line each', () => {
    expect(
      memoriesForPrompt([
        { key: 'name', value: 'Anna' },
        { key: 'lives in', value: 'Berlin' },
      ]),
    ).toBe('Known facts about the user:\n- name: Anna\n- lives in: Berlin');
  });

  it('is empty without memories, so it can be appended unconditionally', () => {
    expect(memoriesForPrompt([])).toBe('');
  });
});
