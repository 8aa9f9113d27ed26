import { IsString } from 'class-validator';

export class SubscribeDto {
  /** The channel to follow, e.g. `user:<your user id>` or `system:<topic>`; any other string is CHANNEL_INVALID. */
  @IsString()
  channel!: string;
}

export class RealtimeConnectionDto {
  /** Connection token: `auth: {token}` of the socket handshake. */
  token!: string;
  /** Seconds the token stays valid for a handshake; an open connection outlives it. */
  expiresIn!: number;
  /** The socket endpoint: connect to its origin with its path as socket.io `path`, WebSocket transport only. */
  url!: string;
}

export class SubscriptionTokenDto {
  /** Subscription token: the `token` of the socket's `subscribe {channel, token, since?}` frame. */
  token!: string;
  channel!: string;
  /** Seconds the token stays valid for a subscribe; the subscription outlives it. */
  expiresIn!: number;
}
