import { describe, expect, it } from 'vitest';
import { canonicalUrl, isNeverAPage, isSameSite } from './site-urls';

describe('canonicalUrl', () => {
  const base = new URL('https://Shop.Example.com/docs/guide/intro');

  it.each([
    ['https://shop.example.com:443/a#top', 'https://shop.example.com/a'],
    ['HTTP://SHOP.example.com:80/A?', 'http://shop.example.com/A'],
    ['../pricing?x=1#plans', 'https://shop.example.com/docs/pricing?x=1'],
    ['/a/./b/../c', 'https://shop.example.com/a/c'],
    ['//cdn.example.com/p', 'https://cdn.example.com/p'],
    ['  next  ', 'https://shop.example.com/docs/guide/next'],
    ['https://shop.example.com:8443/', 'https://shop.example.com:8443/'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalUrl(raw, base)?.href).toBe(expected);
  });

  it('refuses what is no page address', () => {
    for (const raw of ['mailto:a@example.com', 'javascript:alert(1)', 'ftp://example.com/', 'https://user:pw@example.com/', 'http://[::1', 'data:text/html,hi', `/${'a'.repeat(2_100)}`]) {
      expect(canonicalUrl(raw, base)).toBeNull();
    }
  });
});

describe('isSameSite', () => {
  const site = new URL('https://example.com/');

  it('takes the same host, with or without www., on the same scheme and port', () => {
    expect(isSameSite(site, new URL('https://example.com/a'))).toBe(true);
    expect(isSameSite(site, new URL('https://www.example.com/a'))).toBe(true);
    expect(isSameSite(new URL('https://www.example.com/'), new URL('https://example.com/b'))).toBe(true);
  });

  it('refuses other hosts, subdomains, schemes and ports', () => {
    expect(isSameSite(site, new URL('https://blog.example.com/'))).toBe(false);
    expect(isSameSite(site, new URL('https://example.com.evil.test/'))).toBe(false);
    expect(isSameSite(site, new URL('https://www.www.example.com/'))).toBe(false);
    expect(isSameSite(site, new URL('http://example.com/'))).toBe(false);
    expect(isSameSite(site, new URL('https://example.com:8443/'))).toBe(false);
    expect(isSameSite(new URL('http://127.0.0.1:8080/'), new URL('http://127.0.0.1:8081/'))).toBe(false);
  });
});

describe('isNeverAPage', () => {
  it('knows downloads by their extension, and leaves pages alone', () => {
    expect(isNeverAPage(new URL('https://x.example/brochure.PDF'))).toBe(true);
    expect(isNeverAPage(new URL('https://x.example/img/logo.png?v=2'))).toBe(true);
    expect(isNeverAPage(new URL('https://x.example/about'))).toBe(false);
    expect(isNeverAPage(new URL('https://x.example/about.html'))).toBe(false);
    expect(isNeverAPage(new URL('https://x.example/v1.2/guide'))).toBe(false);
  });
});
