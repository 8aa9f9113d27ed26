import { io, type Socket } from 'socket.io-client';
import type { Publication, RealtimeConnection, RealtimeSubscription, UserEventMap, UserEventType } from '../../../src/contracts/realtime';
import { ApiError, request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { Publication } from '../../../src/contracts/realtime';

/** Where the realtime gateway listens, on this origin (docs/api.md, realtime). */
const REALTIME_PATH = '/connection/websocket';
/** Acks come in milliseconds; a subscribe that takes longer is treated as a lost connection. */
const ACK_TIMEOUT_MS = 10_000;
/** Retries after the server refused the connection (an expired token, too many sockets) back off to this. */
const MAX_RETRY_DELAY_MS = 30_000;
/** A channel the server refused (not yet authorized, deleted meanwhile) is asked for again, backing off to this. */
const MAX_CHANNEL_RETRY_DELAY_MS = 60_000;
/** Failed attempts in a row (the network, not the server refusing) before the state says "error". */
const ATTEMPTS_BEFORE_ERROR = 3;
/** Refusals that only mean "ask again": an expired token, a subscribe rate limit. */
const TRANSIENT_REFUSALS: ReadonlySet<string> = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'RATE_LIMITED']);

/** Publications of the user channel as typed events, one member per type. */
type UserEventOf<Type extends UserEventType> = { [T in Type]: { type: T; data: UserEventMap[T] } }[Type];

/** What the server publishes on `user:<me>` about chats and messages: ids only, the data itself is refetched. */
export type UserEvent = UserEventOf<'chat.created' | 'chat.updated' | 'chat.deleted' | 'message.started' | 'message.completed' | 'message.delivery'>;

const USER_EVENT_TYPES: ReadonlySet<string> = new Set<UserEvent['type']>([
  'chat.created',
  'chat.updated',
  'chat.deleted',
  'message.started',
  'message.completed',
  'message.delivery',
]);

type FrameError = { code: string; message: string };
type SubscribeAck = { ok: true; recovered?: boolean; publications?: Publication[] } | { ok: false; error: FrameError };
type PublishAck = { ok: true } | { ok: false; error: FrameError };

export function fetchRealtimeConnection(): Promise<RealtimeConnection> {
  return request('/realtime/token', { method: 'POST' });
}

export function fetchRealtimeSubscription(channel: string): Promise<RealtimeSubscription> {
  return request('/realtime/subscribe', { method: 'POST', body: { channel } });
}

/** An upload's state moved on (`file.updated`): refetch `GET /files/:id`; `progress` is 0–100 within the state. */
export type FileEvent = UserEventOf<'file.updated'>;

/** A user-channel publication as a file event, or null for any other (chat events go through userEventOf). */
export function fileEventOf(publication: Publication): FileEvent | null {
  const data = publication.data as { fileId?: unknown; state?: unknown } | null;
  if (publication.type !== 'file.updated' || typeof data?.fileId !== 'string' || typeof data.state !== 'string') return null;
  return { type: 'file.updated', data } as FileEvent;
}

/** A publication of the user channel as the event it carries, or null for one this client does not know. */
export function userEventOf(publication: Publication): UserEvent | null {
  const data = publication.data as { chatId?: unknown } | null;
  if (!USER_EVENT_TYPES.has(publication.type) || typeof data?.chatId !== 'string') return null;
  return { type: publication.type, data } as UserEvent;
}

export interface ChannelHandlers {
  /** Each publication once, in order. */
  onPublication: (publication: Publication) => void;
  /**
   * Publications may have been missed (the first subscription, a channel without history after a
   * reconnection, or history that no longer reaches back): reload what the channel keeps current.
   */
  onResync: () => void;
  /** The server refused the channel (e.g. CHANNEL_FORBIDDEN); it is asked for again later. */
  onRefused?: (error: FrameError) => void;
}

/** The user channel's handlers: the same shape as any channel's. */
export type UserChannelHandlers = ChannelHandlers;

/**
 * The state of this tab's socket, for a connection badge:
 * - `idle`: nothing is followed, so there is no socket;
 * - `connecting`: the first connection is being opened;
 * - `live`: connected;
 * - `reconnecting`: the connection was lost and is being reopened;
 * - `error`: the server or the network refused the last attempts (it keeps retrying);
 * - `off`: realtime is switched off on the server (503): nothing will arrive.
 */
export type RealtimeStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error' | 'off';

/** One followed channel and everyone following it in this tab. */
interface ChannelState {
  readonly name: string;
  readonly handlers: Set<ChannelHandlers>;
  /** Handlers added since the last resync: they get one of their own once subscribed. */
  readonly fresh: Set<ChannelHandlers>;
  /** The last offset delivered on a channel with history (offsets there start at 1). */
  lastOffset: number | undefined;
  /** Live publications that arrive while a subscription's recovery is being read. */
  held: Publication[] | null;
  subscribed: boolean;
  /** Bumped by every subscription attempt and by leaving: a stale attempt's result is dropped. */
  attempt: number;
  refusals: number;
  retryTimer: number | undefined;
}

const channels = new Map<string, ChannelState>();
const statusListeners = new Set<() => void>();
let status: RealtimeStatus = 'idle';
let socket: Socket | null = null;
/** Bumped whenever a socket is closed, so callbacks of the old one do nothing. */
let socketGeneration = 0;
let everConnected = false;
let failedAttempts = 0;
let retries = 0;
let retryTimer: number | undefined;

export function getRealtimeStatus(): RealtimeStatus {
  return status;
}

export function subscribeRealtimeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

function setStatus(next: RealtimeStatus): void {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

/**
 * Follows a channel on this tab's one realtime socket until the returned function is called.
 * The socket opens with the first followed channel and closes when the last one is left; every
 * (re)connection fetches a fresh connection token and every subscription a fresh subscription token
 * (they live a minute). After a reconnection each channel is subscribed again, asking for what came
 * after the last offset seen on channels that keep history. With realtime switched off on the
 * server (503) it gives up quietly: the app works without it.
 */
export function followChannel(channel: string, handlers: ChannelHandlers): () => void {
  let state = channels.get(channel);
  if (!state) {
    state = {
      name: channel,
      handlers: new Set(),
      fresh: new Set(),
      lastOffset: undefined,
      held: null,
      subscribed: false,
      attempt: 0,
      refusals: 0,
      retryTimer: undefined,
    };
    channels.set(channel, state);
  }
  // Its own handlers object, so one function followed twice is two followers.
  const own: ChannelHandlers = { ...handlers };
  state.handlers.add(own);
  state.fresh.add(own);

  if (!socket) openSocket();
  else if (state.subscribed) {
    // Already followed here: the newcomer only needs to load its state once.
    const joined = state;
    queueMicrotask(() => {
      if (joined.fresh.delete(own) && joined.handlers.has(own)) own.onResync();
    });
  } else if (socket.connected && state.handlers.size === 1 && state.held === null) void subscribe(state);

  let left = false;
  return () => {
    if (left) return;
    left = true;
    const current = channels.get(channel);
    if (!current) return;
    current.handlers.delete(own);
    current.fresh.delete(own);
    // Deferred, so leaving and following again at once (StrictMode, a re-render) keeps the subscription.
    queueMicrotask(() => {
      if (current.handlers.size > 0 || channels.get(channel) !== current) return;
      leave(current);
      if (channels.size === 0) closeSocket();
    });
  };
}

/** Follows `user:<userId>` (docs/api.md, "The user channel"). */
export function followUserChannel(userId: string, handlers: UserChannelHandlers): () => void {
  return followChannel(`user:${userId}`, handlers);
}

/**
 * Publishes on a channel this tab follows (only `typing` on `widgettyping:*` is allowed by the
 * server). Best effort: resolves false when not subscribed, disconnected or refused.
 */
export async function publishOnChannel(channel: string, type: string, data: Record<string, unknown>): Promise<boolean> {
  const state = channels.get(channel);
  if (!socket?.connected || !state?.subscribed) return false;
  try {
    const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('publish', { channel, type, data })) as PublishAck;
    return ack.ok;
  } catch {
    return false;
  }
}

function openSocket(): void {
  const generation = ++socketGeneration;
  const current = (): boolean => generation === socketGeneration;
  everConnected = false;
  failedAttempts = 0;
  retries = 0;
  setStatus('connecting');

  const opened: Socket = io(window.location.origin, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    reconnectionDelayMax: MAX_RETRY_DELAY_MS,
    autoConnect: false,
    // Called for every attempt, so a reconnection never presents an expired token.
    auth: (send) => {
      fetchRealtimeConnection().then(
        ({ token }) => {
          if (current()) send({ token });
        },
        (error: unknown) => {
          if (!current()) return;
          if (error instanceof ApiError && error.status === 503) {
            closeSocket();
            setStatus('off');
          }
          // Without a token the server refuses the handshake, and the retry below takes over.
          else send({});
        },
      );
    },
  });
  socket = opened;

  opened.on('connect', () => {
    if (!current()) return;
    everConnected = true;
    failedAttempts = 0;
    setStatus('live');
    for (const state of channels.values()) void subscribe(state);
  });
  opened.on('disconnect', (reason) => {
    if (!current()) return;
    for (const state of channels.values()) {
      state.subscribed = false;
      state.held = null;
      state.attempt++;
      window.clearTimeout(state.retryTimer);
    }
    setStatus(everConnected ? 'reconnecting' : 'connecting');
    // Dropped by the server (too many refused frames): socket.io leaves that to us.
    if (reason === 'io server disconnect') retryLater();
  });
  opened.on('publication', (publication: Publication) => {
    if (!current()) return;
    const state = channels.get(publication.channel);
    if (!state) return;
    if (state.held) state.held.push(publication);
    else if (state.subscribed) deliver(state, publication);
  });
  opened.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
    if (!current()) return;
    failedAttempts++;
    // The server said no (too many sockets, a refused token), or the network keeps failing.
    if (typeof error.data?.code === 'string' || failedAttempts >= ATTEMPTS_BEFORE_ERROR) setStatus('error');
    else setStatus(everConnected ? 'reconnecting' : 'connecting');
    // A refusal by the server (not a network error) is not retried by socket.io itself.
    if (!opened.active) retryLater();
  });

  opened.connect();
}

function retryLater(): void {
  const opened = socket;
  if (!opened) return;
  window.clearTimeout(retryTimer);
  retryTimer = window.setTimeout(() => {
    if (socket === opened) opened.connect();
  }, Math.min(1_000 * 2 ** retries++, MAX_RETRY_DELAY_MS));
}

/** Starts over on a fresh connection: every channel resubscribes from its offset. */
function reconnect(): void {
  const opened = socket;
  if (!opened) return;
  opened.disconnect();
  setStatus(everConnected ? 'reconnecting' : 'connecting');
  retryLater();
}

function closeSocket(): void {
  socketGeneration++;
  window.clearTimeout(retryTimer);
  for (const state of channels.values()) window.clearTimeout(state.retryTimer);
  socket?.disconnect();
  socket = null;
  setStatus('idle');
}

function deliver(state: ChannelState, publication: Publication): void {
  // Channels with history number publications from 1; the socket joins before history is read,
  // so what came meanwhile may arrive twice. Offset 0 (no history) is never a duplicate.
  if (publication.offset > 0) {
    if (state.lastOffset !== undefined && publication.offset <= state.lastOffset) return;
    state.lastOffset = publication.offset;
  }
  for (const handlers of [...state.handlers]) handlers.onPublication(publication);
}

async function subscribe(state: ChannelState): Promise<void> {
  const opened = socket;
  if (!opened?.connected) return;
  window.clearTimeout(state.retryTimer);
  const attempt = ++state.attempt;
  const stale = (): boolean => attempt !== state.attempt || channels.get(state.name) !== state || socket !== opened || !opened.connected;
  const since = state.lastOffset;
  state.subscribed = false;
  state.held = [];
  try {
    const { token } = await fetchRealtimeSubscription(state.name);
    if (stale()) return;
    const ack = (await opened
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('subscribe', { channel: state.name, token, ...(since === undefined ? {} : { since }) })) as SubscribeAck;
    if (stale()) return;
    if (!ack.ok) {
      refused(state, ack.error);
      return;
    }
    const held = state.held;
    state.held = null;
    state.subscribed = true;
    state.refusals = 0;
    retries = 0;
    const followers = [...state.handlers];
    if (since !== undefined && ack.recovered) {
      for (const publication of ack.publications ?? []) deliver(state, publication);
      // Those who joined meanwhile have nothing to recover from.
      for (const handlers of followers) if (state.fresh.has(handlers)) handlers.onResync();
    } else for (const handlers of followers) handlers.onResync();
    state.fresh.clear();
    for (const publication of held) deliver(state, publication);
  } catch (error) {
    if (stale()) return;
    state.held = null;
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
      refused(state, { code: error.code, message: error.message });
    } else if (error instanceof ApiError) {
      // The server could not mint the token now (network, 5xx, rate limit): this channel tries again.
      retryChannel(state);
    } else {
      // The ack timed out: the connection is not what it seems.
      reconnect();
    }
  }
}

function refused(state: ChannelState, error: FrameError): void {
  state.held = null;
  state.subscribed = false;
  if (!TRANSIENT_REFUSALS.has(error.code)) for (const handlers of [...state.handlers]) handlers.onRefused?.(error);
  retryChannel(state);
}

function retryChannel(state: ChannelState): void {
  window.clearTimeout(state.retryTimer);
  const delay = Math.min(2_000 * 2 ** state.refusals++, MAX_CHANNEL_RETRY_DELAY_MS);
  state.retryTimer = window.setTimeout(() => {
    if (channels.get(state.name) === state && !state.subscribed) void subscribe(state);
  }, delay);
}

function leave(state: ChannelState): void {
  channels.delete(state.name);
  state.attempt++;
  window.clearTimeout(state.retryTimer);
  if (socket?.connected && (state.subscribed || state.held !== null)) {
    socket.timeout(ACK_TIMEOUT_MS).emit('unsubscribe', { channel: state.name }, () => undefined);
  }
}
