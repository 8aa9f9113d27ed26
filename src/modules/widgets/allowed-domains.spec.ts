import { describe, expect, it } from 'vitest';
import { invalidDomainEntries, isOriginAllowedFor } from './allowed-domains';

describe('allowed domains', () => {
  it('accepts host names, ports and subdomain wildcards', () => {
    expect(invalidDomainEntries(['shop.example.com', '*.example.com', 'localhost:5173', 'localhost', 'xn--bcher-kva.de'])).toEqual([]);
  });

  it('refuses schemes, paths, upper case, bare wildcards and bad ports', () => {
    expect(invalidDomainEntries(['https://a.com', 'a.com/x', 'A.com', '*', '*.com', 'a.com:99999', 'a..com', '-a.com', 'a.com:', ''])).toHaveLength(10);
  });

  it('matches the exact host on any port unless the entry names one', () => {
    expect(isOriginAllowedFor('https://shop.example.com', ['shop.example.com'])).toBe(true);
    expect(isOriginAllowedFor('http://shop.example.com:8080', ['shop.example.com'])).toBe(true);
    expect(isOriginAllowedFor('http://localhost:5173', ['localhost:5173'])).toBe(true);
    expect(isOriginAllowedFor('http://localhost:5174', ['localhost:5173'])).toBe(false);
    expect(isOriginAllowedFor('https://evil-shop.example.com', ['shop.example.com'])).toBe(false);
  });

  it('lets a wildcard cover subdomains at any depth, but not the bare domain or look-alikes', () => {
    const entries = ['*.example.com'];
    expect(isOriginAllowedFor('https://a.example.com', entries)).toBe(true);
    expect(isOriginAllowedFor('https://a.b.example.com', entries)).toBe(true);
    expect(isOriginAllowedFor('https://example.com', entries)).toBe(false);
    expect(isOriginAllowedFor('https://badexample.com', entries)).toBe(false);
    expect(isOriginAllowedFor('https://example.com.evil.net', entries)).toBe(false);
  });
});
