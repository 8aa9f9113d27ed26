import { io, type Socket } from 'socket.io-client';
import type { Publication } from '../../src/api/realtime';
import { WidgetApiError, type WidgetApi } from './widget-api';

const REALTIME_PATH = '/connection/websocket';
const ACK_TIMEOUT_MS = 10_000;
const MAX_RETRY_DELAY_MS = 30_000;

/** What the gateway emits as `publication` (docs/api.md, realtime): the SPA's type, imported as a type only. */
export type { Publication };

type Ack = { ok: true; recovered?: boolean; publications?: Publication[] } | { ok: false; error: { code: string; message: string } };

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

export interface SessionFollower {
  /** Publishes the visitor's draft on the typing channel (dropped while not subscribed). */
  publishTyping(text: string): void;
  close(): void;
}

export interface SessionHandlers {
  /** Each publication of the session channel once, in order. */
  onSession(publication: Publication): void;
  /** A notice of the typing channel. */
  onTyping(data: unknown): void;
  /** Publications may have been missed (first subscription, or history no longer reaches back): reload. */
  onResync(): void;
  onStatus(status: RealtimeStatus): void;
}

/**
 * Follows a visitor session's channels (`widget:session.<wid>.<sid>` and `widgettyping:<wid>.<sid>`)
 * on the API origin's realtime socket until closed. Every (re)connection asks for a fresh connection
 * token through socket.io's `auth` callback (tokens live a minute) and every subscription for a fresh
 * subscription token; the session channel resubscribes from the last offset seen. Refusals that
 * will not change (realtime off, session or widget gone, origin not allowed) end it quietly: the
 * chat still works, without live operator messages.
 */
export function followSession(api: WidgetApi, handlers: SessionHandlers): SessionFollower {
  const sessionChannel = `widget:session.${api.widgetId}.${api.sessionId}`;
  const typingChannel = `widgettyping:${api.widgetId}.${api.sessionId}`;
  let lastOffset: number | undefined;
  /** Live publications that arrive while a resubscription's recovery is read. */
  let held: Publication[] | null = null;
  let typingReady = false;
  let closed = false;
  let retries = 0;
  let retryTimer: number | undefined;
  let everConnected = false;

  const deliver = (publication: Publication): void => {
    // The socket joins before history is read, so what came meanwhile may arrive twice.
    if (lastOffset !== undefined && publication.offset <= lastOffset) return;
    lastOffset = publication.offset;
    handlers.onSession(publication);
  };

  const giveUp = (error: unknown): boolean => error instanceof WidgetApiError && [403, 404, 503].includes(error.status);

  const socket: Socket = io(api.origin, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    reconnectionDelayMax: MAX_RETRY_DELAY_MS,
    autoConnect: false,
    auth: (send) => {
      api.connectionToken().then(
        (token) => {
          if (!closed) send({ token });
        },
        (error: unknown) => {
          if (closed) return;
          if (giveUp(error)) stop();
          // Without a token the server refuses the handshake and the retry below takes over.
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

  const subscribe = async (channel: string, since?: number): Promise<Ack & { ok: true }> => {
    const token = await api.subscriptionToken(channel);
    const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', { channel, token, ...(since === undefined ? {} : { since }) })) as Ack;
    if (!ack.ok) throw new WidgetApiError(0, ack.error.code, ack.error.message);
    return ack;
  };

  const subscribeAll = async (): Promise<void> => {
    const since = lastOffset;
    held = [];
    typingReady = false;
    try {
      const ack = await subscribe(sessionChannel, since);
      if (since !== undefined && ack.recovered) for (const publication of ack.publications ?? []) deliver(publication);
      else handlers.onResync();
      for (const publication of held) deliver(publication);
      held = null;
      await subscribe(typingChannel);
      typingReady = true;
      retries = 0;
      handlers.onStatus('live');
    } catch (error) {
      held = null;
      if (closed) return;
      if (giveUp(error)) {
        stop();
        return;
      }
      // Start over on a fresh connection: it resubscribes from the same offset.
      socket.disconnect();
      retryLater();
    }
  };

  socket.on('connect', () => {
    everConnected = true;
    void subscribeAll();
  });
  socket.on('disconnect', () => {
    typingReady = false;
    if (!closed) handlers.onStatus('reconnecting');
  });
  socket.on('publication', (publication: Publication) => {
    if (publication.channel === typingChannel) handlers.onTyping(publication.data);
    else if (publication.channel === sessionChannel) {
      if (held) held.push(publication);
      else deliver(publication);
    }
  });
  socket.on('connect_error', () => {
    if (closed) return;
    handlers.onStatus(everConnected ? 'reconnecting' : 'connecting');
    // A refusal by the server (not a network error) is not retried by socket.io itself.
    if (!socket.active) retryLater();
  });

  function stop(): void {
    closed = true;
    window.clearTimeout(retryTimer);
    socket.disconnect();
    handlers.onStatus('off');
  }

  handlers.onStatus('connecting');
  socket.connect();

  return {
    publishTyping(text) {
      if (!typingReady || closed) return;
      socket.timeout(ACK_TIMEOUT_MS).emit('publish', { channel: typingChannel, type: 'typing', data: { text } }, () => undefined);
    },
    close() {
      if (closed) return;
      closed = true;
      window.clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
