import { describe, expect, it } from 'vitest';
import { fenceClosed, splitFinishedBlocks } from './markdown-blocks';

describe('fenceClosed', () => {
  it('sees a closing fence of the same kind and at least the same length', () => {
    expect(fenceClosed('```js\nconst a = 1;\n```')).toBe(true);
    expect(fenceClosed('  ````\ncode\n`````\n')).toBe(true);
    expect(fenceClosed('~~~\ncode\n~~~')).toBe(true);
  });

  it('takes a fence still being written for open', () => {
    expect(fenceClosed('```js\nconst a = 1;')).toBe(false);
    expect(fenceClosed('```js')).toBe(false);
    expect(fenceClosed('````\ncode\n```')).toBe(false);
    expect(fenceClosed('~~~\ncode\n```')).toBe(false);
    expect(fenceClosed('```\ncode\n``')).toBe(false);
  });
});

describe('splitFinishedBlocks', () => {
  it('keeps a code fence with blank lines in one block, the last block being the one written', () => {
    expect(splitFinishedBlocks('Intro\n\n```py\na = 1\n\nb = 2\n```\n\nMore')).toEqual(['Intro\n', '```py\na = 1\n\nb = 2\n```\n', 'More']);
  });
});
