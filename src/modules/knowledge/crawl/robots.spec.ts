import { describe, expect, it } from 'vitest';
import { matchesPattern, parseRobots } from './robots';

const AGENT = 'SwitchboardBot';

describe('matchesPattern', () => {
  it.each([
    ['/private', '/private', true],
    ['/private', '/private/page', true],
    ['/private', '/privately', true],
    ['/private', '/public', false],
    ['/private/', '/private', false],
    ['/*.php', '/index.php', true],
    ['/*.php', '/a/b/index.php?x=1', true],
    ['/*.php$', '/index.php', true],
    ['/*.php$', '/index.php?x=1', false],
    ['/fish*', '/fish.html', true],
    ['/fish*', '/Fish.html', false],
    ['/*/shop/*/cart', '/de/shop/x/y/cart', true],
    ['/*/shop/*/cart', '/de/shop/cart', false],
    ['/$', '/', true],
    ['/$', '/a', false],
    ['*', '/anything', true],
    ['/a*b*c$', '/abcabc', true],
    ['/a*b*c$', '/abcab', false],
    ['/a*ab$', '/aab', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchesPattern(pattern, path)).toBe(expected);
  });

  it('takes time linear in the path and pattern, whatever they hold', () => {
    const path = `/${'a'.repeat(200_000)}`;
    const pattern = `/${'a*'.repeat(1_000)}b`;
    const started = performance.now();
    expect(matchesPattern(pattern, path)).toBe(false);
    expect(matchesPattern(`${pattern}$`, path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('parseRobots', () => {
  it('applies the * group, longest match first, Allow winning a tie', () => {
    const robots = parseRobots(['User-agent: *', 'Disallow: /private', 'Allow: /private/open', 'Disallow: /tie', 'Allow: /tie', 'Disallow:', ''].join('\n'), AGENT);
    expect(robots.allows('/')).toBe(true);
    expect(robots.allows('/private')).toBe(false);
    expect(robots.allows('/private/secret.html')).toBe(false);
    expect(robots.allows('/private/open/page')).toBe(true);
    expect(robots.allows('/tie')).toBe(true);
    expect(robots.allows('/robots.txt')).toBe(true);
  });

  it('prefers the groups naming our agent (case and version ignored), merged, over *', () => {
    const robots = parseRobots(
      [
        'User-agent: *',
        'Disallow: /',
        '',
        'User-agent: otherbot',
        'User-agent: switchboardbot/2.1',
        'Disallow: /drafts # not yet',
        'Crawl-delay: 2',
        '',
        'User-agent: SwitchboardBot',
        'Disallow: /tmp',
      ].join('\r\n'),
      AGENT,
    );
    expect(robots.allows('/about')).toBe(true);
    expect(robots.allows('/drafts/1')).toBe(false);
    expect(robots.allows('/tmp/x')).toBe(false);
    expect(robots.crawlDelayS).toBe(2);
  });

  it('allows everything with no group for us or *, and ignores lines outside groups and junk', () => {
    const robots = parseRobots(['Disallow: /before-any-group', 'garbage line', 'Sitemap: https://x.example/s.xml', 'User-agent: otherbot', 'Disallow: /'].join('\n'), AGENT);
    expect(robots.allows('/before-any-group')).toBe(true);
    expect(robots.allows('/x')).toBe(true);
    expect(robots.crawlDelayS).toBeNull();
  });

  it('compares paths percent-encoded, with $ and * patterns', () => {
    const robots = parseRobots(['User-agent: *', 'Disallow: /ä', 'Disallow: /*.pdf$', 'Disallow: /a%3cb'].join('\n'), AGENT);
    expect(robots.allows(new URL('https://x.example/ä/page').pathname)).toBe(false);
    expect(robots.allows('/docs/file.pdf')).toBe(false);
    expect(robots.allows('/docs/file.pdf?download=1')).toBe(true);
    expect(robots.allows('/a%3Cb')).toBe(false);
  });

  it('reads a huge hostile file in linear time', () => {
    const hostile = `User-agent: *\n${'Disallow: /*a*a*a*a*a*a*a*a*a*a*b\n'.repeat(20_000)}${'#'.repeat(1_000_000)}`;
    const started = performance.now();
    const robots = parseRobots(hostile, AGENT);
    expect(robots.allows(`/${'a'.repeat(1_900)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
