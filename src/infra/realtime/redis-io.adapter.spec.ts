import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REALTIME_PATH } from './realtime-path';
import { isOriginAllowed, realtimeServerOptions } from './redis-io.adapter';

const ALLOWED = ['https://chat.example.com', 'http://localhost:3000'];

describe('isOriginAllowed', () => {
  it('lets listed origins in, as browsers serialize them', () => {
    expect(isOriginAllowed('https://chat.example.com', ALLOWED)).toBe(true);
    expect(isOriginAllowed('http://localhost:3000', ALLOWED)).toBe(true);
    expect(isOriginAllowed('https://CHAT.example.com:443', ALLOWED)).toBe(true);
  });

  it('refuses other sites, other schemes and ports, look-alikes and opaque origins', () => {
    for (const origin of ['https://evil.example', 'http://chat.example.com', 'https://chat.example.com:8443', 'https://chat.example.com.evil.example', 'null', 'not a url']) {
      expect(isOriginAllowed(origin, ALLOWED)).toBe(false);
    }
  });

  it('lets clients without an Origin header in: they are not browsers, and could claim any origin', () => {
    expect(isOriginAllowed(undefined, ALLOWED)).toBe(true);
  });

  it('lets every origin in with *', () => {
    expect(isOriginAllowed('https://anything.example', ['*'])).toBe(true);
  });
});

describe('realtimeServerOptions', () => {
  const options = realtimeServerOptions(ALLOWED);

  it('serves WebSocket only, at the realtime path, with a frame cap and load-balancer-proof heartbeats', () => {
    expect(options).toMatchObject({ path: REALTIME_PATH, transports: ['websocket'], serveClient: false, maxHttpBufferSize: 16 * 1024 });
    // A heartbeat well within a 60 s idle timeout, and a dead peer dropped within a minute.
    expect(options.pingInterval).toBeLessThan(60_000);
    expect((options.pingInterval ?? 0) + (options.pingTimeout ?? 0)).toBeLessThanOrEqual(60_000);
  });

  it('checks the Origin of the upgrade request', () => {
    const decide = (origin: string | undefined): boolean => {
      let allowed = false;
      options.allowRequest?.({ headers: { origin } } as IncomingMessage, (_, ok) => {
        allowed = ok;
      });
      return allowed;
    };
    expect(decide('https://chat.example.com')).toBe(true);
    expect(decide('https://evil.example')).toBe(false);
  });
});
