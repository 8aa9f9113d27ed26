/**
 * The realtime layer's shared vocabulary (docs/api.md, realtime): channels, token claims and the
 * publication envelope. The gateway, the token endpoints and every publisher speak these types.
 */
import type { Publication } from '../../contracts/realtime';

/** A channel name parsed into what it addresses. `name` is the canonical string. */
export type RealtimeChannel =
  | { namespace: 'widget'; kind: 'session'; widgetId: string; sessionId: string; name: string }
  | { namespace: 'widget'; kind: 'operators'; widgetId: string; name: string }
  | { namespace: 'widgettyping'; widgetId: string; sessionId: string; name: string }
  | { namespace: 'user'; userId: string; name: string }
  | { namespace: 'system'; topic: string; name: string };

/**
 * Who holds a realtime connection: a signed-in user, or a widget visitor of one session. Encoded in
 * the token's `sub` as `user:<userId>` or `visitor:<widgetId>.<sessionId>`.
 */
export type RealtimeSubject = { kind: 'user'; userId: string } | { kind: 'visitor'; widgetId: string; sessionId: string };

/** Connection JWT (HS256, REALTIME_TOKEN_SECRET): gates the socket handshake only. */
export interface ConnectionClaims {
  sub: string;
  kind: 'connection';
  exp: number;
  /** A visitor's page origin, checked by their widget's allowed domains when the token was minted. */
  origin?: string;
}

/** Subscription JWT: minted only after the server authorized `sub` for `channel`. */
export interface SubscriptionClaims {
  sub: string;
  kind: 'subscription';
  channel: string;
  exp: number;
}

/** What subscribers receive (socket.io event `publication`): the envelope of src/contracts/realtime.ts. */
export type { Publication };

/** The events the server emits to realtime sockets, as socket.io's typed event map. */
export interface RealtimeServerEvents {
  publication: (publication: Publication) => void;
}

/** The answer to `subscribe {since}`: what was missed, and whether that is all of it. */
export interface Recovery {
  /** False when history no longer reaches back to `since`: the client must reload its state. */
  recovered: boolean;
  publications: Publication[];
}
