import { io, type Socket } from 'socket.io-client';
import { ApiError, request } from './http';

/** Where the realtime gateway listens, on this origin (docs/api.md, realtime). */
const REALTIME_PATH = '/connection/websocket';
/** Acks come in milliseconds; a subscribe that takes longer is treated as a lost connection. */
const ACK_TIMEOUT_MS = 10_000;
/** Retries after the server refused the connection (an expired token, too many sockets) back off to this. */
const MAX_RETRY_DELAY_MS = 30_000;

export interface RealtimeConnection {
  token: string;
  expiresIn: number;
  url: string;
}

export interface RealtimeSubscription {
  token: string;
  channel: string;
  expiresIn: number;
}

/** What the gateway emits as `publication`. */
export interface Publication {
  channel: string;
  offset: number;
  type: string;
  ts: number;
  data: unknown;
}

/**
 * What the server publishes on `user:<me>` (src/modules/realtime/user-events.ts): ids only, the
 * data itself is refetched.
 */
export type UserEvent =
  | { type: 'chat.created' | 'chat.updated' | 'chat.deleted'; data: { chatId: string } }
  | { type: 'message.started'; data: { chatId: string; messageId: string; trackId: string } }
  | { type: 'message.completed'; data: { chatId: string; messageId: string; status: 'complete' | 'stopped' | 'failed' } };

const USER_EVENT_TYPES: ReadonlySet<string> = new Set<UserEvent['type']>(['chat.created', 'chat.updated', 'chat.deleted', 'message.started', 'message.completed']);

type SubscribeAck = { ok: true; recovered?: boolean; publications?: Publication[] } | { ok: false; error: { code: string; message: string } };

export function fetchRealtimeConnection(): Promise<RealtimeConnection> {
  return request('/realtime/token', { method: 'POST' });
}

export function fetchRealtimeSubscription(channel: string): Promise<RealtimeSubscription> {
  return request('/realtime/subscribe', { method: 'POST', body: { channel } });
}

/** A publication of the user channel as the event it carries, or null for one this client does not know. */
export function userEventOf(publication: Publication): UserEvent | null {
  const data = publication.data as { chatId?: unknown } | null;
  if (!USER_EVENT_TYPES.has(publication.type) || typeof data?.chatId !== 'string') return null;
  return { type: publication.type, data } as UserEvent;
}

export interface UserChannelHandlers {
  /** Each publication once, in order. */
  onPublication: (publication: Publication) => void;
  /** Publications may have been missed (first subscription, or history no longer reaches back): reload. */
  onResync: () => void;
}

/**
 * Follows `user:<userId>` on this origin's realtime socket until the returned function is called.
 * Every (re)connection fetches a fresh connection token and every subscription a fresh subscription
 * token (they live a minute); a resubscription asks for what came after the last offset seen. With
 * realtime switched off on the server (503) it gives up quietly: the app works without it.
 */
export function followUserChannel(userId: string, handlers: UserChannelHandlers): () => void {
  const channel = `user:${userId}`;
  let lastOffset: number | undefined;
  /** Live publications that arrive while a resubscription's recovery is being read. */
  let held: Publication[] | null = null;
  let closed = false;
  let retries = 0;
  let retryTimer: number | undefined;

  const deliver = (publication: Publication): void => {
    // The socket joins before history is read, so what came meanwhile may arrive twice.
    if (lastOffset !== undefined && publication.offset <= lastOffset) return;
    lastOffset = publication.offset;
    handlers.onPublication(publication);
  };

  const socket: Socket = io(window.location.origin, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    reconnectionDelayMax: MAX_RETRY_DELAY_MS,
    autoConnect: false,
    // Called for every attempt, so a reconnection never presents an expired token.
    auth: (send) => {
      fetchRealtimeConnection().then(
        ({ token }) => {
          if (!closed) send({ token });
        },
        (error: unknown) => {
          if (closed) return;
          if (error instanceof ApiError && error.status === 503) close();
          // Without a token the server refuses the handshake, and the retry below takes over.
          else send({});
        },
      );
    },
  });

  const retryLater = (): void => {
    if (closed) return;
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => socket.connect(), Math.min(1_000 * 2 ** retries++, MAX_RETRY_DELAY_MS));
  };

  const subscribe = async (): Promise<void> => {
    const since = lastOffset;
    held = [];
    try {
      const { token } = await fetchRealtimeSubscription(channel);
      const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', { channel, token, ...(since === undefined ? {} : { since }) })) as SubscribeAck;
      if (!ack.ok) throw new Error(ack.error.message);
      if (since !== undefined && ack.recovered) for (const publication of ack.publications ?? []) deliver(publication);
      else handlers.onResync();
      for (const publication of held) deliver(publication);
      retries = 0;
    } catch {
      // Start over on a fresh connection: it resubscribes from the same offset.
      socket.disconnect();
      retryLater();
    } finally {
      held = null;
    }
  };

  socket.on('connect', () => void subscribe());
  socket.on('publication', (publication: Publication) => {
    if (publication.channel !== channel) return;
    if (held) held.push(publication);
    else deliver(publication);
  });
  socket.on('connect_error', () => {
    // A refusal by the server (not a network error) is not retried by socket.io itself.
    if (!socket.active) retryLater();
  });

  function close(): void {
    closed = true;
    window.clearTimeout(retryTimer);
    socket.disconnect();
  }

  socket.connect();
  return close;
}
