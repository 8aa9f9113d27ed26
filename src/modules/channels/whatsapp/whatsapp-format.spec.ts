import { describe, expect, it } from 'vitest';
import { markdownToWhatsApp } from './whatsapp-format';

describe('Markdown in WhatsApp formatting', () => {
  it('turns emphasis into WhatsApp marks', () => {
    expect(markdownToWhatsApp('**bold**, __bold__, *italic*, _italic_, ~~strike~~ and ~strike~')).toBe('*bold*, *bold*, _italic_, _italic_, ~strike~ and ~strike~');
    expect(markdownToWhatsApp('***both*** and **bold *with italic* inside**')).toBe('_*both*_ and *bold _with italic_ inside*');
  });

  it('leaves what is not emphasis as written', () => {
    expect(markdownToWhatsApp('snake_case_name, 2 * 3 * 4, a ~ b, **unclosed and __unclosed')).toBe('snake_case_name, 2 * 3 * 4, a ~ b, **unclosed and __unclosed');
    expect(markdownToWhatsApp('\\*escaped\\* and \\_too\\_')).toBe('*escaped* and _too_');
  });

  it('sets code in monospace and never reads marks inside it', () => {
    expect(markdownToWhatsApp('Run `npm ci` or ``a `tick` b``, not `**this**`')).toBe('Run ```npm ci``` or ```a `tick` b```, not ```**this**```');
    expect(markdownToWhatsApp('```ts\nconst a = 2 * 3;\nconst b = a * 4;\n```')).toBe('```const a = 2 * 3;\nconst b = a * 4;```');
    expect(markdownToWhatsApp('~~~\n# not a heading\n~~~\nafter')).toBe('```# not a heading```\nafter');
    expect(markdownToWhatsApp('``` unclosed\ncode *to the end*')).toBe('```code *to the end*```');
  });

  it('makes headings bold lines, without bold marks inside them', () => {
    expect(markdownToWhatsApp('# Title\n\n## The **second** one ##\n\ntext')).toBe('*Title*\n\n*The second one*\n\ntext');
    expect(markdownToWhatsApp('Setext title\n===\n\nAnd another\n---')).toBe('*Setext title*\n\n*And another*');
    expect(markdownToWhatsApp('#hashtag stays')).toBe('#hashtag stays');
  });

  it('writes links as "text (url)", and URLs as they are', () => {
    expect(markdownToWhatsApp('See [the docs](https://example.com/a_b_c "Docs") now')).toBe('See the docs (https://example.com/a_b_c) now');
    expect(markdownToWhatsApp('[https://example.com](https://example.com) and ![a chart](https://img.example/c.png)')).toBe('https://example.com and a chart (https://img.example/c.png)');
    expect(markdownToWhatsApp('<https://auto.example/x_y_z> or https://bare.example/snake_case_path.')).toBe('https://auto.example/x_y_z or https://bare.example/snake_case_path.');
    expect(markdownToWhatsApp('[not a link] (later) and [half](')).toBe('[not a link] (later) and [half](');
  });

  it('turns lists into "• " lines, keeps numbers, and indents nested items', () => {
    expect(markdownToWhatsApp('- one\n* two **b**\n  + nested\n1. first\n2) second\n- [ ] todo\n- [x] done')).toBe('• one\n• two *b*\n  • nested\n1. first\n2. second\n• ☐ todo\n• ☑ done');
  });

  it('quotes one level deep, writes tables one row per line and drops rules', () => {
    expect(markdownToWhatsApp('> quoted **text**\n>> deeper\n> - item')).toBe('> quoted *text*\n> deeper\n> • item');
    expect(markdownToWhatsApp('| Plan | Price |\n|---|:-:|\n| Basic | **5 €** |\n| Pro \\| Team | 9 € |')).toBe('*Plan* | *Price*\nBasic | *5 €*\nPro | Team | 9 €');
    expect(markdownToWhatsApp('above\n\n---\n\nbelow\n\n\n\nend')).toBe('above\n\nbelow\n\nend');
  });

  // A super-linear step would take minutes on these, far past the test's time limit; linear, they take milliseconds.
  it('gets through text shaped to make parsers backtrack', () => {
    const hostile = [
      '>'.repeat(100_000) + ' x',
      '- '.repeat(50_000) + 'x',
      Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i % 40)}- item`).join('\n'),
      '*a '.repeat(40_000),
      '**'.repeat(50_000) + 'x',
      '_a'.repeat(50_000),
      '['.repeat(100_000),
      '[a]('.repeat(25_000),
      '](b '.repeat(25_000),
      '[a](b "'.repeat(15_000),
      Array.from({ length: 400 }, (_, i) => '`'.repeat(i + 1)).join('a'),
      '<'.repeat(100_000),
      'http://'.repeat(15_000),
      '|'.repeat(50_000) + '\n|---|\n' + '|x'.repeat(50_000),
    ];
    for (const text of hostile) expect(markdownToWhatsApp(text).length).toBeGreaterThan(0);
  });
});
