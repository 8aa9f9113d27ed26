import { describe, expect, it } from 'vitest';
import { originOf, requestOrigin } from './request-origin';

describe('request origin', () => {
  it('serializes origins as browsers do, refusing opaque and non-web ones', () => {
    expect(originOf('https://a.example.com/page?x=1')).toBe('https://a.example.com');
    expect(originOf('HTTPS://A.Example.COM:443')).toBe('https://a.example.com');
    expect(originOf('null')).toBeUndefined();
    expect(originOf('file:///etc/passwd')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
  });

  it('takes Origin first, and the Referer only when a browser sent no Origin', () => {
    expect(requestOrigin({ origin: 'https://a.example.com', referer: 'https://b.example.com/x' })).toBe('https://a.example.com');
    expect(requestOrigin({ referer: 'https://b.example.com/x' })).toBe('https://b.example.com');
    expect(requestOrigin({ origin: 'null', referer: 'https://b.example.com/x' })).toBeUndefined();
    expect(requestOrigin({})).toBeUndefined();
  });
});
