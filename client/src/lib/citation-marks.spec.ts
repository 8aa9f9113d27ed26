import { createElement, type ComponentProps } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { remarkCitationMarks, splitCitationMarks } from './citation-marks';

/** Renders like the chat's Markdown: marks become `<b>n</b>` here so the output shows where they landed. */
function render(markdown: string): string {
  return renderToStaticMarkup(
    createElement(ReactMarkdown, {
      remarkPlugins: [remarkGfm, remarkCitationMarks],
      components: {
        sup: ({ children, node: _node, ...props }: ComponentProps<'sup'> & { node?: unknown; 'data-cite'?: string }) =>
          props['data-cite'] === undefined ? createElement('sup', null, children) : createElement('b', null, props['data-cite']),
      },
      children: markdown,
    }),
  );
}

describe('splitCitationMarks', () => {
  it('cuts text into runs and the numbers of its marks', () => {
    expect(splitCitationMarks('The fox is red [1] and quick [2].')).toEqual([{ text: 'The fox is red ' }, { n: 1 }, { text: ' and quick ' }, { n: 2 }, { text: '.' }]);
    expect(splitCitationMarks('[3]')).toEqual([{ n: 3 }]);
    expect(splitCitationMarks('Both [1, 3] and [2,4]')).toEqual([{ text: 'Both ' }, { n: 1 }, { n: 3 }, { text: ' and ' }, { n: 2 }, { n: 4 }]);
  });

  it('leaves anything else in brackets as text', () => {
    for (const text of ['[a]', '[]', '[1234]', '[1,]', '[ 1]', 'x[-1]', '[1.5]']) expect(splitCitationMarks(text)).toEqual([{ text }]);
  });

  it('reads a long hostile text in linear time', () => {
    const hostile = '[1, 2, 3, 4, 5, 6, 7, 8, 9, 1'.repeat(20_000) + '['.repeat(100_000);
    const started = performance.now();
    expect(splitCitationMarks(hostile)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('remarkCitationMarks', () => {
  it('marks [n] in paragraphs, lists, emphasis and tables', () => {
    expect(render('Foxes are red [1].')).toBe('<p>Foxes are red <b>1</b>.</p>');
    expect(render('- one [2]\n- *two [3]*')).toBe('<ul>\n<li>one <b>2</b></li>\n<li><em>two <b>3</b></em></li>\n</ul>');
    expect(render('| a |\n| - |\n| b [4] |')).toContain('<td>b <b>4</b></td>');
    expect(render('See [1, 2]')).toBe('<p>See <b>1</b><b>2</b></p>');
  });

  it('leaves code, links and link references alone', () => {
    expect(render('`arr[1]`')).toBe('<p><code>arr[1]</code></p>');
    expect(render('```\nx = a[1]\n```')).toBe('<pre><code>x = a[1]\n</code></pre>');
    expect(render('[1](https://example.com)')).toBe('<p><a href="https://example.com">1</a></p>');
    expect(render('[1]\n\n[1]: https://example.com')).toBe('<p><a href="https://example.com">1</a></p>');
  });

  it('keeps other superscripts (footnotes) as they are', () => {
    expect(render('Text[^a]\n\n[^a]: Note')).toContain('<sup><a href="#user-content-fn-a"');
  });
});
