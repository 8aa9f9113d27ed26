import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { DefaultEventsMap, ExtendedError, Server, Socket } from 'socket.io';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ChannelHistory } from './channel-history.service';
import { ChannelPresence, type PresenceEntry } from './channel-presence.service';
import { requireChannel, subjectId } from './channels';
import { CONNECTION_SLOT_RENEW_MS, ConnectionSlots, type HeldConnection } from './connection-slots';
import {
  CLIENT_EVENTS,
  parsePublishFrame,
  parseSubscribeFrame,
  parseUnsubscribeFrame,
  readHandshakeToken,
  type ClientEvent,
  type FrameAck,
} from './gateway-frames';
import type { Publication, RealtimeServerEvents, RealtimeSubject } from './realtime.types';
import { mayConnectFrom } from './handshake-origin';
import { RealtimeTokens } from './realtime-tokens.service';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, SocketLimits } from './socket-limits';

/** What the handshake establishes; set before the socket connects, so every handler can rely on it. */
interface RealtimeSocketData {
  subject: RealtimeSubject;
  subjectId: string;
  /** Which of the RENEWAL_SLICES renews this socket's slot and presence. */
  renewalSlice: number;
}

/**
 * A node renews its sockets' connection slots and presence once every CONNECTION_SLOT_RENEW_MS,
 * spread over the period in this many slices, so that each slice renews a share of them. Renewing
 * thousands at once is a burst of as many Redis scripts, which stalls every Redis client behind
 * it for tens of milliseconds, publications in flight included (the realtime bench saw it as p99).
 */
const RENEWAL_SLICES = 30;

/** Refusals a correct client never earns: malformed frames, unknown channels, ignoring a rate limit. */
const MISBEHAVIOUR: ReadonlySet<ErrorCode> = new Set([ErrorCode.ValidationFailed, ErrorCode.ChannelInvalid, ErrorCode.RateLimited]);

type RealtimeServer = Server<DefaultEventsMap, RealtimeServerEvents, DefaultEventsMap, RealtimeSocketData>;
type RealtimeSocket = Socket<DefaultEventsMap, RealtimeServerEvents, DefaultEventsMap, RealtimeSocketData>;

/**
 * The realtime gateway of the web role (socket.io at /connection/websocket, namespace `/`; the
 * server itself comes from RedisIoAdapter). One socket per tab:
 *
 * - handshake `auth: {token}`, a connection token (RealtimeTokens); refused with a `connect_error`
 *   whose `data.code` is UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, ORIGIN_NOT_ALLOWED (see
 *   mayConnectFrom) or RATE_LIMITED (the subject already holds REALTIME_MAX_CONNECTIONS_PER_USER
 *   connections across all nodes);
 * - `subscribe {channel, token, since?}` with a subscription token minted for that channel and
 *   this subject; with `since` on a channel that keeps history the ack carries what was missed.
 *   The socket joins the room before history is read, so a publication in between may arrive both
 *   live and in the recovery: clients drop offsets they have already seen;
 * - `unsubscribe {channel}`;
 * - `publish {channel, type: 'typing', data: {text?}}` on a `widgettyping:*` channel the socket
 *   has subscribed to: relayed to the room's other sockets on every node, never stored.
 *
 * Every frame is acknowledged `{ok: true, …}` or `{ok: false, error: {code, message}}`; nothing a
 * client sends makes a handler throw. Rooms are named by the channel's canonical name, which is
 * where RealtimePublisher emits `publication`.
 *
 * Frames are dispatched here rather than through `@SubscribeMessage`: the application's global
 * guards and pipes (AuthGuard, RateLimitGuard, RequestValidationPipe) are written for HTTP
 * requests, while a socket is authenticated once at its handshake and its frames are read by
 * gateway-frames.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket>, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly limits = new WeakMap<RealtimeSocket, SocketLimits>();
  /** The widget channels each signed-in socket is present on (ChannelPresence). */
  private readonly present = new Map<RealtimeSocket, Set<string>>();
  private server: RealtimeServer | undefined;
  private slotRenewal: NodeJS.Timeout | undefined;
  /** The slice renewed next, and the one given to the next socket (round robin keeps slices even). */
  private renewalTick = 0;
  private nextSlice = 0;

  constructor(
    private readonly tokens: RealtimeTokens,
    private readonly history: ChannelHistory,
    private readonly slots: ConnectionSlots,
    private readonly config: AppConfig,
    private readonly presence: ChannelPresence,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(server: RealtimeServer): void {
    this.server = server;
    server.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(this.handshakeRefusal(error)),
      );
    });
    this.slotRenewal = setInterval(() => this.renewSlice(server), CONNECTION_SLOT_RENEW_MS / RENEWAL_SLICES);
    this.slotRenewal.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.slotRenewal);
  }

  /** Every event a client emits comes through here as `(event, frame, ack)`, each part untrusted. */
  handleConnection(socket: RealtimeSocket): void {
    this.metrics.realtimeConnected();
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: FrameAck) => void) : undefined;
      void this.answer(socket, () => this.dispatch(socket, event, args)).then(ack);
    });
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.metrics.realtimeDisconnected();
    void this.slots.release(heldConnection(socket));
    for (const channel of this.present.get(socket) ?? []) void this.leavePresence(socket, channel);
    this.present.delete(socket);
  }

  private dispatch(socket: RealtimeSocket, event: unknown, frames: unknown[]): FrameAck | Promise<FrameAck> {
    if (!isClientEvent(event)) throw new AppException(ErrorCode.ValidationFailed, `unknown event; send one of ${CLIENT_EVENTS.join(', ')}`);
    if (frames.length > 1) throw new AppException(ErrorCode.ValidationFailed, `${event} takes one frame`);
    switch (event) {
      case 'subscribe':
        return this.subscribe(socket, frames[0]);
      case 'unsubscribe':
        return this.unsubscribe(socket, frames[0]);
      case 'publish':
        return this.publish(socket, frames[0]);
    }
  }

  private async subscribe(socket: RealtimeSocket, frame: unknown): Promise<FrameAck> {
    const request = parseSubscribeFrame(frame);
    const channel = requireChannel(request.channel);
    if (!socket.rooms.has(channel.name) && subscriptionCount(socket) >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      throw new AppException(ErrorCode.RateLimited, `A connection may subscribe to at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} channels; unsubscribe from one first.`);
    }
    this.spend(socket, 'subscribe');
    const authorized = this.tokens.verifySubscription(request.token, socket.data.subject, channel.name);
    await socket.join(authorized.name);
    if (socket.data.subject.kind === 'user' && authorized.namespace === 'widget') await this.joinPresence(socket, authorized.name);
    if (request.since === undefined || !this.history.keepsHistory(authorized)) return { ok: true };
    return { ok: true, ...(await this.history.since(authorized, request.since)) };
  }

  private async unsubscribe(socket: RealtimeSocket, frame: unknown): Promise<FrameAck> {
    const channel = requireChannel(parseUnsubscribeFrame(frame).channel);
    this.spend(socket, 'subscribe');
    await socket.leave(channel.name);
    if (this.present.get(socket)?.delete(channel.name)) await this.leavePresence(socket, channel.name);
    return { ok: true };
  }

  private publish(socket: RealtimeSocket, frame: unknown): FrameAck {
    const request = parsePublishFrame(frame);
    const channel = requireChannel(request.channel);
    if (channel.namespace !== 'widgettyping') {
      throw new AppException(ErrorCode.Forbidden, 'Clients publish only typing notices, on widgettyping:* channels; everything else is published by the server.');
    }
    if (!socket.rooms.has(channel.name)) throw new AppException(ErrorCode.Forbidden, 'Subscribe to the channel before publishing on it.');
    this.spend(socket, 'publish');
    // Offset 0 like every channel without history: a typing notice is ephemeral, never stored.
    // `from` says who types without naming anyone. Operators see what a visitor is typing; a
    // visitor only ever sees that someone types, so an operator's draft text is dropped here
    // (an empty text, "stopped typing", says nothing and is kept).
    const from = socket.data.subject.kind;
    const data = from === 'visitor' || request.data.text === '' ? { ...request.data, from } : { from };
    const publication: Publication = { channel: channel.name, offset: 0, type: 'typing', ts: Date.now(), data };
    // To the room's other sockets, on every node (the Redis adapter), not back to the sender.
    socket.to(channel.name).emit('publication', publication);
    return { ok: true };
  }

  /**
   * Operators on widget channels are present: on a session channel everybody on it hears how many
   * operators now are (`presence {operators}`, not stored), so two people do not answer one visitor.
   */
  private async joinPresence(socket: RealtimeSocket, channel: string): Promise<void> {
    const channels = this.present.get(socket) ?? new Set<string>();
    if (channels.has(channel)) return;
    channels.add(channel);
    this.present.set(socket, channels);
    try {
      this.announcePresence(channel, await this.presence.join(this.presenceEntry(socket, channel)));
    } catch (error) {
      // Presence is a courtesy: the subscription stands without it, and renewal retries the entry.
      this.logger.warn(`could not join presence on ${channel}: ${(error as Error).message}`);
    }
  }

  private async leavePresence(socket: RealtimeSocket, channel: string): Promise<void> {
    try {
      this.announcePresence(channel, await this.presence.leave(this.presenceEntry(socket, channel)));
    } catch (error) {
      // The entry lapses on its own (PRESENCE_TTL_MS).
      this.logger.warn(`could not leave presence on ${channel}: ${(error as Error).message}`);
    }
  }

  private announcePresence(channel: string, operators: number): void {
    if (!channel.startsWith('widget:session.')) return;
    const publication: Publication = { channel, offset: 0, type: 'presence', ts: Date.now(), data: { operators } };
    this.server?.to(channel).emit('publication', publication);
  }

  private presenceEntry(socket: RealtimeSocket, channel: string): PresenceEntry {
    return { channel, userId: socket.data.subject.kind === 'user' ? socket.data.subject.userId : '', socketId: socket.id };
  }

  /** Renews the slots and presence of the sockets in the next slice (this node's only: each node renews its own). */
  private renewSlice(server: RealtimeServer): void {
    const slice = this.renewalTick;
    this.renewalTick = (slice + 1) % RENEWAL_SLICES;
    const sockets = [...server.sockets.sockets.values()].filter((socket) => socket.data.renewalSlice === slice);
    void this.slots.renew(sockets.map(heldConnection));
    const entries = sockets.flatMap((socket) => [...(this.present.get(socket) ?? [])].map((channel) => this.presenceEntry(socket, channel)));
    this.presence.renew(entries).catch((error: unknown) => this.logger.warn(`could not renew presence: ${(error as Error).message}`));
  }

  /** The handshake: a valid connection token, used from a page it may be used from, and a free connection slot for its subject. */
  private async admit(socket: RealtimeSocket): Promise<void> {
    const { subject, origin } = this.tokens.verifyHandshake(readHandshakeToken(socket.handshake.auth));
    if (!mayConnectFrom(socket.handshake.headers.origin, this.config.realtime.allowedOrigins, origin)) {
      throw new AppException(ErrorCode.OriginNotAllowed, 'This page may not open a realtime connection.');
    }
    socket.data = { subject, subjectId: subjectId(subject), renewalSlice: this.nextSlice };
    this.nextSlice = (this.nextSlice + 1) % RENEWAL_SLICES;
    const held = heldConnection(socket);
    if (!(await this.slots.acquire(held))) {
      throw new AppException(ErrorCode.RateLimited, `At most ${this.slots.limit} realtime connections at once; close another tab or window.`);
    }
    // The client may have gone while the slot was taken; socket.io then never connects the socket
    // and no disconnect follows, so the slot goes back here.
    if (socket.conn.readyState !== 'open') await this.slots.release(held);
  }

  private handshakeRefusal(error: unknown): ExtendedError {
    const known = error instanceof AppException ? error : undefined;
    if (!known) this.logger.error(error);
    return Object.assign(new Error(known?.message ?? 'The realtime service could not admit the connection.'), {
      data: { code: known?.code ?? ErrorCode.Internal },
    });
  }

  /** Runs a frame's handler and turns whatever it throws into an ack. */
  private async answer(socket: RealtimeSocket, handle: () => FrameAck | Promise<FrameAck>): Promise<FrameAck> {
    try {
      return await handle();
    } catch (error) {
      if (error instanceof AppException) return this.refuse(socket, error);
      this.logger.error(error);
      return { ok: false, error: { code: ErrorCode.Internal, message: 'The realtime service failed to handle the frame.' } };
    }
  }

  /**
   * The refusal of a frame. Frames no correct client sends (malformed, or past a rate limit it was
   * told about) cost a strike; a socket out of strikes is disconnected once its ack is out.
   * Refused tokens cost none: expiring is what tokens do.
   */
  private refuse(socket: RealtimeSocket, error: AppException): FrameAck {
    if (MISBEHAVIOUR.has(error.code) && !this.limitsOf(socket).strikes.take(Date.now())) {
      setImmediate(() => {
        // Frames already received are refused too; the socket goes once.
        if (!socket.connected) return;
        this.logger.warn(`disconnecting the realtime socket of ${socket.data.subjectId}: too many refused frames`);
        socket.disconnect(true);
      });
    }
    return { ok: false, error: { code: error.code, message: error.message } };
  }

  private spend(socket: RealtimeSocket, budget: 'subscribe' | 'publish'): void {
    if (!this.limitsOf(socket)[budget].take(Date.now())) throw new AppException(ErrorCode.RateLimited, `Too many ${budget} frames; slow down.`);
  }

  /** The socket's budgets, started at its first frame. */
  private limitsOf(socket: RealtimeSocket): SocketLimits {
    let limits = this.limits.get(socket);
    if (!limits) {
      limits = new SocketLimits(Date.now());
      this.limits.set(socket, limits);
    }
    return limits;
  }
}

function isClientEvent(event: unknown): event is ClientEvent {
  return CLIENT_EVENTS.some((known) => known === event);
}

/** Channels the socket has joined: every socket is also in the room of its own id. */
function subscriptionCount(socket: RealtimeSocket): number {
  return socket.rooms.size - 1;
}

function heldConnection(socket: RealtimeSocket): HeldConnection {
  return { subjectId: socket.data.subjectId, socketId: socket.id };
}
