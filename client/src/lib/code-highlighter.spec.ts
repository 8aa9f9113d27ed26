import { describe, expect, it } from 'vitest';
import { highlightCode, MAX_HIGHLIGHTED_LENGTH } from './code-highlighter';

describe('highlightCode', () => {
  it('colours a registered language and its aliases with hljs spans', () => {
    const html = highlightCode('const answer = 42;', 'typescript');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-number">42</span>');
    expect(highlightCode('def f(): pass', 'py')).toContain('<span class="hljs-keyword">def</span>');
    expect(highlightCode('echo hi', 'SH')).toContain('hljs-built_in');
  });

  it('escapes the code, so markup in it stays text', () => {
    const html = highlightCode('<img src=x onerror="alert(1)">', 'html') ?? '';
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;');
  });

  it('leaves unknown languages and over-long code plain', () => {
    expect(highlightCode('x := 1', 'brainfudge')).toBeNull();
    expect(highlightCode('a'.repeat(MAX_HIGHLIGHTED_LENGTH + 1), 'javascript')).toBeNull();
  });
});
