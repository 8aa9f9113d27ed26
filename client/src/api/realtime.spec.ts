import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Realtime from './realtime';
import { ApiError } from './http';
import type { Publication } from './realtime';

type Handler = (...args: unknown[]) => void;
type Ack = { ok: true; recovered?: boolean; publications?: Publication[] } | { ok: false; error: { code: string; message: string } };

/** What the tests make of socket.io: one fake socket per `io()` call, driven by hand. */
class FakeSocket {
  connected = false;
  active = false;
  readonly handlers = new Map<string, Handler[]>();
  readonly sent: Array<{ event: string; frame: Record<string, unknown> }> = [];
  /** How the next subscribe frames are answered (by channel); default ok. */
  answer: (frame: Record<string, unknown>) => Ack = () => ({ ok: true });

  constructor(readonly options: { auth: (send: (data: object) => void) => void }) {}

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  connect(): this {
    this.active = true;
    this.options.auth(() => undefined);
    return this;
  }

  disconnect(): this {
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  timeout(): { emitWithAck: (event: string, frame: Record<string, unknown>) => Promise<unknown>; emit: (event: string, frame: Record<string, unknown>, ack: () => void) => void } {
    return {
      emitWithAck: (event, frame) => {
        this.sent.push({ event, frame });
        return Promise.resolve(event === 'subscribe' ? this.answer(frame) : { ok: true });
      },
      emit: (event, frame) => {
        this.sent.push({ event, frame });
      },
    };
  }

  /** The server accepted the handshake. */
  open(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The connection dropped; socket.io would reconnect by itself. */
  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  publish(publication: Partial<Publication> & { channel: string }): void {
    this.fire('publication', { offset: 0, type: 'test', ts: 0, data: null, ...publication });
  }

  subscribes(channel?: string): Array<Record<string, unknown>> {
    return this.sent.filter((sent) => sent.event === 'subscribe' && (!channel || sent.frame.channel === channel)).map((sent) => sent.frame);
  }
}

const sockets: FakeSocket[] = [];
const request = vi.fn<(path: string, options?: { body?: { channel?: string } }) => Promise<unknown>>();

vi.mock('socket.io-client', () => ({
  io: (_url: string, options: { auth: (send: (data: object) => void) => void }) => {
    const socket = new FakeSocket(options);
    sockets.push(socket);
    return socket;
  },
}));

vi.mock('./http', async () => ({
  ...(await import('./fake-http')),
  request: (path: string, options?: { body?: { channel?: string } }) => request(path, options),
}));

/** Lets queued promises and microtasks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

function recorder() {
  const publications: Publication[] = [];
  const events: string[] = [];
  return {
    publications,
    events,
    handlers: {
      onPublication: (publication: Publication) => {
        publications.push(publication);
        events.push(`pub:${publication.offset}`);
      },
      onResync: () => events.push('resync'),
      onRefused: (error: { code: string }) => events.push(`refused:${error.code}`),
    },
  };
}

describe('the shared realtime connection', () => {
  let realtime: typeof Realtime;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('window', { location: { origin: 'https://app.example.com' }, setTimeout, clearTimeout });
    sockets.length = 0;
    request.mockReset();
    request.mockImplementation((path, options) =>
      Promise.resolve(path === '/realtime/token' ? { token: 'connection', expiresIn: 60, url: '' } : { token: `sub:${options?.body?.channel}`, channel: options?.body?.channel, expiresIn: 60 }),
    );
    vi.resetModules();
    realtime = await import('./realtime');
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('serves several channels on one socket, each with its own token', async () => {
    const user = recorder();
    const widget = recorder();
    realtime.followUserChannel('u1', user.handlers);
    realtime.followChannel('widget:operators.w1', widget.handlers);
    expect(sockets).toHaveLength(1);
    expect(realtime.getRealtimeStatus()).toBe('connecting');

    sockets[0].open();
    await settle();
    expect(realtime.getRealtimeStatus()).toBe('live');
    expect(sockets[0].subscribes().map((frame) => [frame.channel, frame.token])).toEqual([
      ['user:u1', 'sub:user:u1'],
      ['widget:operators.w1', 'sub:widget:operators.w1'],
    ]);
    expect(user.events).toEqual(['resync']);

    sockets[0].publish({ channel: 'user:u1', offset: 1 });
    sockets[0].publish({ channel: 'widget:operators.w1', offset: 0 });
    sockets[0].publish({ channel: 'widget:operators.w1', offset: 0 });
    sockets[0].publish({ channel: 'user:u1', offset: 1 });
    expect(user.events).toEqual(['resync', 'pub:1']);
    expect(widget.events).toEqual(['resync', 'pub:0', 'pub:0']);
  });

  it('resubscribes every channel after a reconnection, recovering from the last offset', async () => {
    const user = recorder();
    const typing = recorder();
    realtime.followUserChannel('u1', user.handlers);
    realtime.followChannel('widgettyping:w1.s1', typing.handlers);
    const socket = sockets[0];
    socket.open();
    await settle();
    socket.publish({ channel: 'user:u1', offset: 4 });

    socket.drop();
    expect(realtime.getRealtimeStatus()).toBe('reconnecting');
    socket.answer = (frame) =>
      frame.channel === 'user:u1'
        ? { ok: true, recovered: true, publications: [4, 5, 6].map((offset) => ({ channel: 'user:u1', offset, type: 'x', ts: 0, data: null })) }
        : { ok: true };
    socket.open();
    await settle();

    expect(socket.subscribes('user:u1').at(-1)).toMatchObject({ since: 4 });
    expect(socket.subscribes('widgettyping:w1.s1').at(-1)).not.toHaveProperty('since');
    // Recovered: the missed publications, the one already seen dropped, and no reload.
    expect(user.events).toEqual(['resync', 'pub:4', 'pub:5', 'pub:6']);
    // A channel without history can only reload.
    expect(typing.events).toEqual(['resync', 'resync']);
  });

  it('asks for a reload when history no longer reaches back', async () => {
    const user = recorder();
    realtime.followUserChannel('u1', user.handlers);
    const socket = sockets[0];
    socket.open();
    await settle();
    socket.publish({ channel: 'user:u1', offset: 2 });
    socket.drop();
    socket.answer = () => ({ ok: true, recovered: false, publications: [] });
    socket.open();
    await settle();
    expect(user.events).toEqual(['resync', 'pub:2', 'resync']);
  });

  it('keeps the others live when the server refuses one channel, and asks again later', async () => {
    const user = recorder();
    const widget = recorder();
    request.mockImplementation((path, options) => {
      if (path === '/realtime/token') return Promise.resolve({ token: 'connection', expiresIn: 60, url: '' });
      if (options?.body?.channel === 'widget:operators.w1') return Promise.reject(new ApiError('FORBIDDEN', 403, 'CHANNEL_FORBIDDEN'));
      return Promise.resolve({ token: 't', channel: options?.body?.channel, expiresIn: 60 });
    });
    realtime.followUserChannel('u1', user.handlers);
    realtime.followChannel('widget:operators.w1', widget.handlers);
    const socket = sockets[0];
    socket.open();
    await settle();

    expect(widget.events).toEqual(['refused:FORBIDDEN']);
    expect(user.events).toEqual(['resync']);
    expect(socket.connected).toBe(true);
    expect(realtime.getRealtimeStatus()).toBe('live');

    request.mockImplementation((path, options) => Promise.resolve({ token: path === '/realtime/token' ? 'connection' : 't', channel: options?.body?.channel, expiresIn: 60, url: '' }));
    await vi.advanceTimersByTimeAsync(2_000);
    await settle();
    expect(widget.events).toEqual(['refused:FORBIDDEN', 'resync']);
  });

  it('shares one subscription between followers, and leaves it when the last one goes', async () => {
    const first = recorder();
    const second = recorder();
    const user = recorder();
    realtime.followUserChannel('u1', user.handlers);
    const leaveFirst = realtime.followChannel('widget:session.w1.s1', first.handlers);
    const socket = sockets[0];
    socket.open();
    await settle();
    const leaveSecond = realtime.followChannel('widget:session.w1.s1', second.handlers);
    await settle();
    expect(socket.subscribes('widget:session.w1.s1')).toHaveLength(1);
    expect(second.events).toEqual(['resync']);

    socket.publish({ channel: 'widget:session.w1.s1', offset: 1 });
    expect(first.events).toEqual(['resync', 'pub:1']);
    expect(second.events).toEqual(['resync', 'pub:1']);

    leaveFirst();
    await settle();
    expect(socket.sent.filter((sent) => sent.event === 'unsubscribe')).toHaveLength(0);
    leaveSecond();
    await settle();
    expect(socket.sent.filter((sent) => sent.event === 'unsubscribe').map((sent) => sent.frame.channel)).toEqual(['widget:session.w1.s1']);
    expect(socket.connected).toBe(true);
  });

  it('keeps the subscription when a channel is left and followed again at once', async () => {
    const user = recorder();
    realtime.followUserChannel('u1', user.handlers);
    const socket = sockets[0];
    socket.open();
    await settle();
    const again = recorder();
    const leave = realtime.followChannel('widget:session.w1.s1', recorder().handlers);
    await settle();
    leave();
    realtime.followChannel('widget:session.w1.s1', again.handlers);
    await settle();
    expect(socket.sent.filter((sent) => sent.event === 'unsubscribe')).toHaveLength(0);
    expect(socket.subscribes('widget:session.w1.s1')).toHaveLength(1);
    expect(again.events).toEqual(['resync']);
  });

  it('closes the socket when the last channel is left (logging out)', async () => {
    const leave = realtime.followUserChannel('u1', recorder().handlers);
    sockets[0].open();
    await settle();
    leave();
    await settle();
    expect(sockets[0].connected).toBe(false);
    expect(realtime.getRealtimeStatus()).toBe('idle');
  });

  it('publishes typing notices only on a subscribed channel', async () => {
    realtime.followUserChannel('u1', recorder().handlers);
    expect(await realtime.publishOnChannel('widgettyping:w1.s1', 'typing', { text: 'a' })).toBe(false);
    realtime.followChannel('widgettyping:w1.s1', recorder().handlers);
    sockets[0].open();
    await settle();
    expect(await realtime.publishOnChannel('widgettyping:w1.s1', 'typing', { text: 'hi' })).toBe(true);
    expect(sockets[0].sent.at(-1)).toEqual({ event: 'publish', frame: { channel: 'widgettyping:w1.s1', type: 'typing', data: { text: 'hi' } } });
  });

  it('gives up quietly when realtime is switched off on the server', async () => {
    request.mockImplementation(() => Promise.reject(new ApiError('SERVICE_UNAVAILABLE', 503, 'off')));
    realtime.followUserChannel('u1', recorder().handlers);
    await settle();
    expect(realtime.getRealtimeStatus()).toBe('off');
  });
});
