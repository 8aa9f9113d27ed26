/**
 * The realtime gateway's wire types (docs/api.md, realtime): the tokens that open a socket and a
 * subscription, the publications it delivers, and what the server publishes on a user's own
 * channel. Types only (README, repository layout). Live support's channels are in widgets.ts.
 */
import type { MessageStatus } from './chat';
import type { FileState } from './files';
import type { WidgetSource } from './widgets';

/** `POST /realtime/token`. */
export interface RealtimeConnection {
  /** Connection token: `auth: {token}` of the socket handshake. */
  token: string;
  /** Seconds the token stays valid for a handshake; an open connection outlives it. */
  expiresIn: number;
  /** The socket endpoint: connect to its origin with its path as socket.io `path`, WebSocket transport only. */
  url: string;
}

/** `POST /realtime/subscribe`. */
export interface RealtimeSubscription {
  /** Subscription token: the `token` of the socket's `subscribe {channel, token, since?}` frame. */
  token: string;
  channel: string;
  /** Seconds the token stays valid for a subscribe; the subscription outlives it. */
  expiresIn: number;
}

/**
 * What subscribers receive (socket.io event `publication`). Offsets are monotonic per channel on
 * channels that keep history (session and user channels); elsewhere they are 0.
 */
export interface Publication {
  channel: string;
  offset: number;
  type: string;
  ts: number;
  data: unknown;
}

/**
 * What the server tells a signed-in user about their own data on their `user:<userId>` channel, so
 * every tab and device of theirs follows along without a reload. The key is the publication's
 * `type`, the value its `data`. Payloads carry ids only, never content: clients refetch what
 * changed through the API, which also applies its access rules again. Incognito turns are never
 * announced (nothing of them is stored to refetch).
 */
export interface UserEventMap {
  /** A chat was created (`POST /chats`, or a message that started a new chat). */
  'chat.created': { chatId: string };
  /** What `GET /chats` shows of a chat changed: today, a new message moved it to the top. */
  'chat.updated': { chatId: string };
  /** A chat was deleted, with its messages. */
  'chat.deleted': { chatId: string };
  /** A message was accepted and its answer (`messageId`, followed on `trackId`) is on its way. */
  'message.started': { chatId: string; messageId: string; trackId: string };
  /** An answer ended and is stored: `complete`, `stopped` (partial answer kept) or `failed`. */
  'message.completed': { chatId: string; messageId: string; status: Extract<MessageStatus, 'complete' | 'stopped' | 'failed'> };
  /** A message's delivery on WhatsApp or e-mail moved on (sent, delivered, read, failed): `GET /chats/:id/deliveries`. */
  'message.delivery': { chatId: string; messageId: string };
  /** An upload moved on: `extracting`, `extracted`, `failed` (`GET /files/:id` says why), …; `progress` 0–100 within a state. */
  'file.updated': { fileId: string; state: FileState; progress?: number };
  /**
   * A widget's website (knowledge source) was added, or its crawl moved on (`queued`, `crawling` with
   * `pages` read so far, `done`, `failed` with `error`): the whole source, which holds no more than
   * the owner's own settings.
   */
  'widget.source.updated': WidgetSource;
}

export type UserEventType = keyof UserEventMap;
