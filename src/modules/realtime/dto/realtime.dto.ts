import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import type { RealtimeConnection, RealtimeSubscription } from '../../../contracts/realtime';
import { WIDGET_SESSION_ID } from '../channels';

export class SubscribeDto {
  /** The channel to follow, e.g. `user:<your user id>` or `system:<topic>`; any other string is CHANNEL_INVALID. */
  @IsString()
  channel!: string;

  /** A widget visitor (no login): their widget, with `sessionId` and the header `X-Widget-Session`. */
  @IsOptional()
  @IsUUID()
  widgetId?: string;

  @IsOptional()
  @Matches(WIDGET_SESSION_ID, { message: 'sessionId must be a widget session id (sess_…)' })
  sessionId?: string;
}

export class RealtimeConnectionDto implements RealtimeConnection {
  /** Connection token: `auth: {token}` of the socket handshake. */
  token!: string;
  /** Seconds the token stays valid for a handshake; an open connection outlives it. */
  expiresIn!: number;
  /** The socket endpoint: connect to its origin with its path as socket.io `path`, WebSocket transport only. */
  url!: string;
}

export class SubscriptionTokenDto implements RealtimeSubscription {
  /** Subscription token: the `token` of the socket's `subscribe {channel, token, since?}` frame. */
  token!: string;
  channel!: string;
  /** Seconds the token stays valid for a subscribe; the subscription outlives it. */
  expiresIn!: number;
}
