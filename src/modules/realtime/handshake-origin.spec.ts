import { describe, expect, it } from 'vitest';
import { mayConnectFrom } from './handshake-origin';

const ALLOWED = ['https://chat.example.com', 'http://localhost:3000'];

describe('mayConnectFrom', () => {
  it('lets the listed origins in, as browsers serialize them', () => {
    expect(mayConnectFrom('https://chat.example.com', ALLOWED)).toBe(true);
    expect(mayConnectFrom('http://localhost:3000', ALLOWED)).toBe(true);
    expect(mayConnectFrom('https://CHAT.example.com:443', ALLOWED)).toBe(true);
  });

  it('refuses other sites, other schemes and ports, look-alikes and opaque origins', () => {
    for (const origin of ['https://evil.example', 'http://chat.example.com', 'https://chat.example.com:8443', 'https://chat.example.com.evil.example', 'null', 'not a url']) {
      expect(mayConnectFrom(origin, ALLOWED)).toBe(false);
    }
  });

  it("lets a visitor's page in from exactly the origin its token was minted for", () => {
    expect(mayConnectFrom('https://shop.example.net', ALLOWED, 'https://shop.example.net')).toBe(true);
    expect(mayConnectFrom('https://other.example.net', ALLOWED, 'https://shop.example.net')).toBe(false);
  });

  it('lets clients without an Origin header in: they are not browsers, and could claim any origin', () => {
    expect(mayConnectFrom(undefined, ALLOWED)).toBe(true);
  });

  it('lets every origin in with *', () => {
    expect(mayConnectFrom('https://anything.example', ['*'])).toBe(true);
  });
});
