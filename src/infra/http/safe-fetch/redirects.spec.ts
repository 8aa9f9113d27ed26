import { describe, expect, it } from 'vitest';
import { nextHop, type Hop } from './redirects';
import { SafeFetchError } from './target-guard';

const post: Hop = {
  url: new URL('https://a.example.com/in/start'),
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer t', 'user-agent': 'x' },
  body: Buffer.from('{}'),
};
const get: Hop = { url: new URL('https://a.example.com/page'), method: 'GET', headers: { cookie: 'c=1' } };

describe('nextHop', () => {
  it('is null for answers that are not redirects to follow', () => {
    expect(nextHop(get, 200, '/elsewhere')).toBeNull();
    expect(nextHop(get, 304, '/elsewhere')).toBeNull();
    expect(nextHop(get, 302, undefined)).toBeNull();
  });

  it('resolves a relative Location against the current URL', () => {
    expect(nextHop(get, 301, 'next?x=1')?.url.href).toBe('https://a.example.com/next?x=1');
    expect(nextHop(get, 302, '//b.example.com/p')?.url.href).toBe('https://b.example.com/p');
  });

  it('refuses a Location that is not http(s), carries credentials or is no URL, like a first URL', () => {
    for (const location of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'http://user:pw@b.example.com/', 'http://[::1']) {
      expect(() => nextHop(get, 302, location)).toThrow(SafeFetchError);
    }
  });

  it('turns a POST into a body-less GET on 301, 302 and 303, and repeats it on 307 and 308', () => {
    for (const status of [301, 302, 303]) {
      expect(nextHop(post, status, '/b')).toEqual({ url: new URL('https://a.example.com/b'), method: 'GET', headers: { authorization: 'Bearer t', 'user-agent': 'x' } });
    }
    for (const status of [307, 308]) expect(nextHop(post, status, '/b')).toMatchObject({ method: 'POST', body: post.body, headers: post.headers });
  });

  it('hands credentials to the same origin only', () => {
    expect(nextHop(get, 302, '/other')?.headers).toEqual({ cookie: 'c=1' });
    expect(nextHop(get, 302, 'https://b.example.com/')?.headers).toEqual({});
    expect(nextHop(post, 307, 'http://a.example.com/in')?.headers).not.toHaveProperty('authorization');
  });

  it('carries decimal and hex IPv4 spellings over as the address they mean, for the hop check', () => {
    expect(nextHop(get, 302, 'http://2130706433/')?.url.hostname).toBe('127.0.0.1');
    expect(nextHop(get, 302, 'http://0x7f.1/')?.url.hostname).toBe('127.0.0.1');
    expect(nextHop(get, 302, 'http://[::ffff:a9fe:a9fe]/')?.url.hostname).toBe('[::ffff:a9fe:a9fe]');
  });
});
