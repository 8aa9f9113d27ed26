import { Module } from '@nestjs/common';
import { ChannelAccess } from './channel-access.service';
import { ChannelHistory } from './channel-history.service';
import { ChannelPresence } from './channel-presence.service';
import { RealtimeController } from './realtime.controller';
import { RealtimePublisher } from './realtime-publisher.service';
import { RealtimeTokens } from './realtime-tokens.service';
import { UserChannel } from './user-channel.service';

/**
 * The realtime core every role shares: tokens, channel access, history and publishing. The socket
 * gateway is added by the web role (WebModule); workers publish through RealtimePublisher. Feature
 * modules tell users about their own data through UserChannel.
 */
@Module({
  controllers: [RealtimeController],
  providers: [RealtimeTokens, ChannelAccess, ChannelHistory, ChannelPresence, RealtimePublisher, UserChannel],
  exports: [RealtimeTokens, ChannelAccess, ChannelHistory, ChannelPresence, RealtimePublisher, UserChannel],
})
export class RealtimeModule {}
