import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, retryPhrase, safeHttpUrl, splitLinks, timeOf } from './text';

describe('splitLinks', () => {
  it('keeps plain text as one run', () => {
    expect(splitLinks('no links\nhere')).toEqual([{ kind: 'text', text: 'no links\nhere' }]);
  });

  it('links http(s) addresses and leaves sentence punctuation out', () => {
    expect(splitLinks('See https://example.com/a?b=1. Or http://x.org, ok')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org' },
      { kind: 'text', text: ', ok' },
    ]);
  });

  it('keeps a parenthesis that belongs to the address', () => {
    const segments = splitLinks('(see https://en.wikipedia.org/wiki/Foo_(bar))');
    expect(segments[1]).toEqual({ kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
    expect(segments[2]).toEqual({ kind: 'text', text: ')' });
  });

  it('never links other schemes or markup', () => {
    expect(splitLinks('javascript:alert(1) <a href="https://x">x</a>').filter((segment) => segment.kind === 'link').map((segment) => segment.text)).toEqual(['https://x']);
  });
});

describe('safeHttpUrl', () => {
  it('accepts http(s) only', () => {
    expect(safeHttpUrl('https://example.com/privacy')).toBe('https://example.com/privacy');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,x')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

describe('timeOf', () => {
  it('is hours and minutes on the visitor’s clock', () => {
    expect(timeOf(new Date(2025, 0, 1, 15, 58).toISOString(), 'en-GB')).toBe('15:58');
    expect(timeOf('not a date')).toBe('');
  });
});

describe('retryPhrase', () => {
  const now = new Date(2025, 0, 1, 10, 0);
  it('says when the visitor may write again', () => {
    expect(retryPhrase(null, now)).toBe('later');
    expect(retryPhrase(30, now)).toBe('in a minute');
    expect(retryPhrase(600, now)).toBe('in 10 minutes');
    expect(retryPhrase(3 * 3600, now, 'en-GB')).toBe('at 13:00');
    // ICU versions differ on a leading zero for en-GB hours.
    expect(retryPhrase(20 * 3600, now, 'en-GB')).toMatch(/^tomorrow at 0?6:00$/);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterSeconds('42')).toBe(42);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});
