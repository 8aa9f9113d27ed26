import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-body';

describe('nestsDeeperThan', () => {
  it('measures nesting of arrays and objects alike', () => {
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('[]', 1)).toBe(false);
    expect(nestsDeeperThan('"plain"', 0)).toBe(false);
  });

  it('counts depth, not the number of containers', () => {
    expect(nestsDeeperThan(`[${'[1],'.repeat(10_000)}[1]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ text: 'say \\"[[[[ and "{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(['\\', [[['deep']]]]), 3)).toBe(true);
  });

  it('stops at the first level too deep in a megabyte of brackets', () => {
    const attack = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(nestsDeeperThan(attack, 32)).toBe(true);
  });

  it('leaves malformed text to the parser', () => {
    expect(nestsDeeperThan(']]]]]', 2)).toBe(false);
    expect(nestsDeeperThan('{"unterminated', 2)).toBe(false);
  });
});
