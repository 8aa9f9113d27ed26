import { describe, expect, it } from 'vitest';
import { MAX_LINKS_PER_PAGE, outlinePage } from './page-links';

const PAGE = new URL('https://shop.example.com/docs/index.html');

describe('outlinePage', () => {
  it('reads the title and the links, resolved, canonical and each once', () => {
    const outline = outlinePage(
      `<!doctype html><html><head><title> Shop &amp; more
      docs</title></head><body>
      <a href="/pricing#plans">Pricing</a> <A HREF='faq.html'>FAQ</A>
      <a href="/pricing">again</a> <a>no href</a> <a href="mailto:x@example.com">mail</a>
      <map><area href="https://other.example.org/x"></map>
      <a href="#top">top</a><!-- <a href="/commented-out"> --></body></html>`,
      PAGE,
    );
    expect(outline.title).toBe('Shop & more docs');
    // Attribute names are matched as written (lower case); `HREF` is not read.
    expect(outline.links.map((url) => url.href)).toEqual(['https://shop.example.com/pricing', 'https://other.example.org/x', 'https://shop.example.com/docs/index.html']);
    expect(outline).toMatchObject({ noIndex: false, noFollow: false });
  });

  it('resolves against the first <base href>', () => {
    const outline = outlinePage('<base href="https://shop.example.com/v2/"><base href="/ignored/"><a href="start">x</a>', PAGE);
    expect(outline.links.map((url) => url.href)).toEqual(['https://shop.example.com/v2/start']);
  });

  it('reads robots meta tags', () => {
    expect(outlinePage('<meta name="robots" content="noindex, follow">', PAGE)).toMatchObject({ noIndex: true, noFollow: false });
    expect(outlinePage('<meta name="ROBOTS" content="NOFOLLOW">', PAGE)).toMatchObject({ noIndex: false, noFollow: true });
    expect(outlinePage('<meta name="robots" content="none">', PAGE)).toMatchObject({ noIndex: true, noFollow: true });
  });

  it('keeps at most MAX_LINKS_PER_PAGE links and a bounded title', () => {
    const many = Array.from({ length: MAX_LINKS_PER_PAGE + 50 }, (_, i) => `<a href="/p${i}">p</a>`).join('');
    const outline = outlinePage(`<title>${'T'.repeat(10_000)}</title>${many}`, PAGE);
    expect(outline.links).toHaveLength(MAX_LINKS_PER_PAGE);
    expect(outline.title).toHaveLength(300);
  });

  it('reads huge hostile markup in linear time', () => {
    const cases = [
      '<'.repeat(2_000_000),
      '<a href="'.repeat(200_000),
      `${'<div>'.repeat(300_000)}<a href="/deep">deep</a>`,
      `<title>${'<title>'.repeat(200_000)}`,
      '<!--'.repeat(500_000),
      `<a ${'href= '.repeat(300_000)}>`,
    ];
    for (const html of cases) {
      const started = performance.now();
      outlinePage(html, PAGE);
      expect(performance.now() - started).toBeLessThan(1_500);
    }
    expect(outlinePage(cases[2] ?? '', PAGE).links.map((url) => url.href)).toEqual(['https://shop.example.com/deep']);
  });
});
