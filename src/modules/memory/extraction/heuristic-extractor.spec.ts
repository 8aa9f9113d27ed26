import { describe, expect, it } from 'vitest';
import type { KnownMemory, MemoryAction } from '../memory-actions';
import type { MemoryCategory } from '../memory.entity';
import { BLIND, HELD_OUT, TRAIN, type ExtractionExample } from './extraction-examples';
import { extractHeuristically, MAX_EXTRACTION_INPUT_CHARS } from './heuristic-extractor';

/** The changes as the examples write them: `op category/key=value`, updates and deletes named by the memory they change. */
function described(actions: MemoryAction[], existing: KnownMemory[]): string[] {
  return actions
    .map((action) => {
      if (action.op === 'create') return `create ${action.category}/${action.key}=${action.value}`;
      const memory = existing.find((known) => known.id === action.id);
      if (!memory) return `${action.op} unknown id ${action.id}`;
      return action.op === 'delete' ? `delete ${memory.category}/${memory.key}` : `update ${action.category}/${action.key}=${action.value}`;
    })
    .sort();
}

function run(example: ExtractionExample): { got: string[]; want: string[] } {
  const existing: KnownMemory[] = (example.existing ?? []).map(([category, key, value], i) => ({ id: `m${i}`, category: category as MemoryCategory, key, value }));
  return { got: described(extractHeuristically(example.text, existing), existing), want: [...example.expect].sort() };
}

function score(examples: ExtractionExample[]): { score: number; misses: string[] } {
  const misses: string[] = [];
  for (const example of examples) {
    const { got, want } = run(example);
    if (JSON.stringify(got) !== JSON.stringify(want)) misses.push(`${example.text} → ${JSON.stringify(got)} (wanted ${JSON.stringify(want)})`);
  }
  return { score: (examples.length - misses.length) / examples.length, misses };
}

describe('heuristic memory extractor', () => {
  it('gets the training examples right', () => {
    const { score: trainScore, misses } = score(TRAIN);
    console.info(`memory extraction, train: ${(trainScore * 100).toFixed(1)} % of ${TRAIN.length} exact`, misses);
    expect(trainScore).toBeGreaterThanOrEqual(0.95);
  });

  it('generalises to held-out examples it was not tuned on', () => {
    const { score: heldOutScore, misses } = score(HELD_OUT);
    console.info(`memory extraction, held out: ${(heldOutScore * 100).toFixed(1)} % of ${HELD_OUT.length} exact`, misses);
    expect(heldOutScore).toBeGreaterThanOrEqual(0.75);
  });

  it('is scored on examples written after its rules (reported; a floor, not a target)', () => {
    const { score: blindScore, misses } = score(BLIND);
    console.info(`memory extraction, blind: ${(blindScore * 100).toFixed(1)} % of ${BLIND.length} exact`, misses);
    expect(blindScore).toBeGreaterThanOrEqual(0.5);
  });

  it('never stores a question, a hypothetical or a wish, in any of the five languages', () => {
    const notFacts = [
      'Where do I live?', 'do you know my name', 'Wo arbeite ich', 'Où est-ce que j’habite ?', '¿Dónde vivo?', 'Dove lavoro?',
      'If I were a doctor I would help.', 'Falls ich nach Paris ziehe, brauche ich eine Wohnung.', 'Si je vivais à Rome, je serais heureux.',
      'Si viviera en Roma, sería feliz.', 'Se abitassi a Roma sarei felice.', 'I wish I lived by the sea.', "I'd love a cup of tea.",
    ];
    for (const text of notFacts) expect(extractHeuristically(text, []), text).toEqual([]);
  });

  it('replaces a fact told again instead of adding a second one, and changes nothing when it is the same', () => {
    const existing: KnownMemory[] = [{ id: 'home', category: 'personal', key: 'lives in', value: 'Berlin' }];
    expect(extractHeuristically('I live in Munich now.', existing)).toEqual([{ op: 'update', id: 'home', category: 'personal', key: 'lives in', value: 'Munich' }]);
    expect(extractHeuristically('I live in berlin.', existing)).toEqual([]);
  });

  it("reads a negation only in its own clause: another clause's \"anymore\" or \"don't\" does not count", () => {
    expect(extractHeuristically("I live in Berlin and I don't smoke anymore.", [])).toEqual([{ op: 'create', category: 'personal', key: 'lives in', value: 'Berlin' }]);
    expect(extractHeuristically("I don't eat much, but I love jazz.", [])).toEqual([{ op: 'create', category: 'preferences', key: 'jazz', value: 'likes jazz' }]);
  });

  it('keeps the last word when a message changes its mind', () => {
    expect(extractHeuristically('I no longer live in Berlin. I live in Hamburg now.', [{ id: 'h', category: 'personal', key: 'lives in', value: 'Berlin' }])).toEqual([
      { op: 'update', id: 'h', category: 'personal', key: 'lives in', value: 'Hamburg' },
    ]);
  });

  it('forgets everything when asked to, and a memory whose value is quoted', () => {
    const existing: KnownMemory[] = [
      { id: 'a', category: 'personal', key: 'name', value: 'Anna' },
      { id: 'b', category: 'other', key: 'car', value: 'red Fiat Panda' },
    ];
    expect(extractHeuristically('Please forget everything about me.', existing)).toEqual([
      { op: 'delete', id: 'a' },
      { op: 'delete', id: 'b' },
    ]);
    expect(extractHeuristically('Forget the red fiat panda thing', existing)).toEqual([{ op: 'delete', id: 'b' }]);
  });

  it('reads only the start of a long message, in time linear in its length', () => {
    const hostile = `${'I live in '.repeat(20_000)}Berlin ${"ich bin nach ".repeat(10_000)}`;
    const started = performance.now();
    extractHeuristically(hostile, []);
    expect(performance.now() - started).toBeLessThan(500);
    expect(extractHeuristically(`${'x'.repeat(MAX_EXTRACTION_INPUT_CHARS)} I live in Berlin.`, [])).toEqual([]);
  });
});
