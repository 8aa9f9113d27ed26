import { describe, expect, it } from 'vitest';
import { REALTIME_PATH } from './realtime-path';
import { realtimeServerOptions } from './redis-io.adapter';

describe('realtimeServerOptions', () => {
  const options = realtimeServerOptions();

  it('serves WebSocket only, at the realtime path, with a frame cap and load-balancer-proof heartbeats', () => {
    expect(options).toMatchObject({ path: REALTIME_PATH, transports: ['websocket'], serveClient: false, maxHttpBufferSize: 16 * 1024 });
    // A heartbeat well within a 60 s idle timeout, and a dead peer dropped within a minute.
    expect(options.pingInterval).toBeLessThan(60_000);
    expect((options.pingInterval ?? 0) + (options.pingTimeout ?? 0)).toBeLessThanOrEqual(60_000);
  });
});
