import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';
import { parseMarkdownBlocks, plainInline, type Block } from './markdown-blocks';

describe('parseMarkdownBlocks', () => {
  it('returns no blocks for empty or blank input', () => {
    expect(parseMarkdownBlocks('')).toEqual([]);
    expect(parseMarkdownBlocks('\n  \n\t\n')).toEqual([]);
  });

  it('reads headings, capping the level at 3 and stripping inline markup', () => {
    expect(parseMarkdownBlocks('# Title\n## Section **one**\n### Sub\n#### Deep\n###### Deepest')).toEqual<Block[]>([
      { type: 'heading', level: 1, text: 'Title' },
      { type: 'heading', level: 2, text: 'Section one' },
      { type: 'heading', level: 3, text: 'Sub' },
      { type: 'heading', level: 3, text: 'Deep' },
      { type: 'heading', level: 3, text: 'Deepest' },
    ]);
  });

  it('does not take a hash without a space, or seven hashes, for a heading', () => {
    expect(parseMarkdownBlocks('#hashtag\n####### seven')).toEqual<Block[]>([{ type: 'paragraph', text: '#hashtag ####### seven' }]);
  });

  it('reads bullets with -, * and +, also indented, as unordered', () => {
    expect(parseMarkdownBlocks('- one\n* two\n+ three\n   - nested _item_')).toEqual<Block[]>([
      { type: 'bullet', text: 'one', marker: '•' },
      { type: 'bullet', text: 'two', marker: '•' },
      { type: 'bullet', text: 'three', marker: '•' },
      { type: 'bullet', text: 'nested item', marker: '•' },
    ]);
  });

  it('reads numbered items with a dot or a parenthesis, keeping their numbers', () => {
    expect(parseMarkdownBlocks('1. first\n2) second\n10. tenth')).toEqual<Block[]>([
      { type: 'bullet', text: 'first', marker: '1.' },
      { type: 'bullet', text: 'second', marker: '2.' },
      { type: 'bullet', text: 'tenth', marker: '10.' },
    ]);
  });

  it('keeps a fenced code block verbatim: blank lines, indentation and markup', () => {
    const markdown = ['Intro', '```ts', 'const a = **b**;', '', '  return `x`; // # not a heading', '```', 'After'].join('\n');

    expect(parseMarkdownBlocks(markdown)).toEqual<Block[]>([
      { type: 'paragraph', text: 'Intro' },
      { type: 'code', text: 'const a = **b**;\n\n  return `x`; // # not a heading' },
      { type: 'paragraph', text: 'After' },
    ]);
  });

  it('recognises indented fences and runs an unclosed fence to the end', () => {
    expect(parseMarkdownBlocks('  ```\n- not a bullet\n  ```\n```\nopen\n# still code')).toEqual<Block[]>([
      { type: 'code', text: '- not a bullet' },
      { type: 'code', text: 'open\n# still code' },
    ]);
  });

  it('joins consecutive lines into one paragraph and splits paragraphs on blank lines', () => {
    expect(parseMarkdownBlocks('  First line\nsecond line  \n\nNext *para*\n\n\n\nLast')).toEqual<Block[]>([
      { type: 'paragraph', text: 'First line second line' },
      { type: 'paragraph', text: 'Next para' },
      { type: 'paragraph', text: 'Last' },
    ]);
  });

  it('ends a paragraph at a heading, a bullet or a fence without a blank line', () => {
    expect(parseMarkdownBlocks('Para a\n# Head\nPara b\n- item\nPara c\n```\ncode\n```')).toEqual<Block[]>([
      { type: 'paragraph', text: 'Para a' },
      { type: 'heading', level: 1, text: 'Head' },
      { type: 'paragraph', text: 'Para b' },
      { type: 'bullet', text: 'item', marker: '•' },
      { type: 'paragraph', text: 'Para c' },
      { type: 'code', text: 'code' },
    ]);
  });

  it('handles Windows and old Mac line endings', () => {
    expect(parseMarkdownBlocks('# T\r\nline one\r\nline two\r\rnext')).toEqual<Block[]>([
      { type: 'heading', level: 1, text: 'T' },
      { type: 'paragraph', text: 'line one line two' },
      { type: 'paragraph', text: 'next' },
    ]);
  });
});

describe('plainInline', () => {
  it.each([
    ['**bold** and __strong__', 'bold and strong'],
    ['*em* and _em_', 'em and em'],
    ['use `npm test` here', 'use npm test here'],
    ['a [link](https://example.com) and ![an image](pic.png)', 'a link and an image'],
    ['![](empty-alt.png)', ''],
    ['***both***', 'both'],
    ['no markup at all', 'no markup at all'],
  ])('%j → %j', (input, expected) => {
    expect(plainInline(input)).toBe(expected);
  });

  it('leaves markers that are not emphasis alone and keeps code spans verbatim', () => {
    expect(plainInline('use my_var_name here')).toBe('use my_var_name here');
    expect(plainInline('2 * 3 * 4 = 24')).toBe('2 * 3 * 4 = 24');
    expect(plainInline('call `__init__` now')).toBe('call __init__ now');
    expect(plainInline('a `*x*` b')).toBe('a *x* b');
    expect(plainInline('[the docs](https://example.com/a_(b)) and **bold** _em_')).toBe('the docs and bold em');
  });

  it('drops horizontal rules instead of reading them as bullets', () => {
    expect(parseMarkdownBlocks('above\n\n* * *\n---\nbelow')).toEqual<Block[]>([
      { type: 'paragraph', text: 'above' },
      { type: 'paragraph', text: 'below' },
    ]);
  });
});

describe('on model output of the largest message size built to make its patterns backtrack', () => {
  const n = MAX_MESSAGE_LENGTH;

  it('keeps unclosed link brackets and reads the link after them', () => {
    expect(plainInline(`${'['.repeat(n)}](x)`)).toBe('['.repeat(n - 1));
    expect(plainInline(`${'!['.repeat(n / 2)}`)).toBe('!['.repeat(n / 2));
  });

  it.each(['**a ', '***0', '\t__0', '__a '])('leaves %j × n without a closing marker as it is', (unit) => {
    const text = unit.repeat(n / unit.length);
    expect(plainInline(text)).toBe(text);
  });

  it('closes strong emphasis at the first marker that can close it, after any number of others', () => {
    expect(plainInline(`${'**a '.repeat(n / 4)}**b**`)).toBe(`a ${'**a '.repeat(n / 4 - 1)}**b`);
  });

  it.each([
    ['a heading', `#${' '.repeat(n)}x\u2028y`],
    ['a bullet', `-${'\t'.repeat(n)}x\u2028y`],
  ])('reads %s whose text holds a line separator as a paragraph, after a run of whitespace', (_, line) => {
    expect(parseMarkdownBlocks(line)).toEqual<Block[]>([{ type: 'paragraph', text: line }]);
  });

  it('reads a heading and a bullet of that size', () => {
    const text = 'a'.repeat(n);
    expect(parseMarkdownBlocks(`#${' '.repeat(n)}${text}\n-${'\t'.repeat(n)}${text}`)).toEqual<Block[]>([
      { type: 'heading', level: 1, text },
      { type: 'bullet', text, marker: '•' },
    ]);
  });
});
