import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown-html';

const bodyOf = (html: string): string => html.slice(html.indexOf('<body'), html.indexOf('</body>'));

describe('markdownToHtml', () => {
  it('lays out headings, lists, code and paragraphs, emphasis as its text', () => {
    const html = bodyOf(markdownToHtml('# Title\n\nSome **bold** text\nwrapped.\n\n- one\n- two\n\n1. first\n2. second\n\n```\nconst a = 1 < 2;\n```'));

    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<p>Some bold text wrapped.</p>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(html).toContain('<pre><code>const a = 1 &lt; 2;</code></pre>');
  });

  it('keeps links clickable: Markdown links with their address, bare addresses, without trailing punctuation', () => {
    const html = bodyOf(markdownToHtml('See [the docs](https://example.org/docs?a=1&b=2) or https://example.org/x.'));

    expect(html).toContain('the docs (<a href="https://example.org/docs?a=1&amp;b=2">https://example.org/docs?a=1&amp;b=2</a>)');
    expect(html).toContain('<a href="https://example.org/x">https://example.org/x</a>.');
  });

  it('never lets the text become markup or script', () => {
    const html = bodyOf(markdownToHtml('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) "quoted" https://x.org/"><b>'));

    expect(html).not.toMatch(/<(script|img|b)[\s>]/);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://x.org/">https://x.org/</a>&quot;&gt;&lt;b&gt;');
  });

  it('takes time linear in the text, whatever shape it has', () => {
    const size = 64_000;
    const hostile = [
      '*'.repeat(size / 2) + 'a' + '*'.repeat(size / 2),
      '*a'.repeat(size / 2),
      '> > > > > - - - - - x\n'.repeat(size / 22),
      '['.repeat(size),
      `[${'a'.repeat(size / 2)}](https://${'b'.repeat(size / 2)}`,
      'https://'.repeat(size / 8),
      '`a``'.repeat(size / 4),
      '- '.repeat(size / 2),
    ];
    for (const text of hostile) {
      const started = performance.now();
      markdownToHtml(text);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('sends a very long text as escaped text in one block', () => {
    expect(markdownToHtml(`<b>${'x'.repeat(300_000)}`)).toContain('<p style="white-space: pre-wrap">&lt;b&gt;xxx');
  });
});
