import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { FilesModule } from '../files/files.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { ChannelAccountRow } from './channel-account.entity';
import { ChannelAccountsService } from './channel-accounts.service';
import { ChannelContact } from './channel-contact.entity';
import { ChannelConversationsController } from './channel-conversations.controller';
import { ChannelConversations } from './channel-conversations.service';
import { ChannelDeliveries } from './channel-deliveries.service';
import { ChannelInbox } from './channel-inbox.service';
import { ChannelRecordsRepository } from './channel-records.repository';
import { InboundMessageRow } from './inbound-message.entity';
import { DeliverChannelMessageJob } from './jobs/deliver-channel-message.job';
import { OutboundMessagePart, OutboundMessageRow } from './outbound-message.entity';

/**
 * The channel-independent half of WhatsApp and e-mail (docs/channels.md): accounts, taking
 * inbound messages in once, and delivering answers through each channel's adapter. The channel
 * modules (whatsapp/, email/) bring the adapters, webhooks and pollers and register with it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ChannelAccountRow, ChannelContact, InboundMessageRow, OutboundMessageRow, OutboundMessagePart]), ChatModule, FilesModule, RealtimeModule, UsersModule],
  controllers: [ChannelConversationsController],
  providers: [ChannelRecordsRepository, ChannelAccountsService, ChannelInbox, ChannelDeliveries, ChannelConversations, DeliverChannelMessageJob],
  exports: [ChannelAccountsService, ChannelInbox, ChannelDeliveries],
})
export class ChannelsModule {}
