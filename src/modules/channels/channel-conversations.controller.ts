import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import type { MessageDto } from '../chat/dto/chat.dto';
import { ChannelConversations } from './channel-conversations.service';
import type { DeliveryView } from './channel-deliveries.service';
import { ChannelReplyDto } from './dto/channel-reply.dto';

/** The browser side of WhatsApp and e-mail conversations: a person's replies, and how deliveries went (docs/channels.md). */
@ApiTags('channels')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('chats/:id')
export class ChannelConversationsController {
  constructor(private readonly conversations: ChannelConversations) {}

  /** Stores the reply in the chat and sends it on the chat's channel (queued, like an answer). */
  @Post('replies')
  reply(@CurrentPrincipal() principal: Principal, @UuidParam('id') chatId: string, @Body() dto: ChannelReplyDto): Promise<MessageDto> {
    return this.conversations.reply(principal.userId, chatId, dto.text);
  }

  /** Where each message sent on the chat's channel stands. */
  @Get('deliveries')
  deliveries(@CurrentPrincipal() principal: Principal, @UuidParam('id') chatId: string): Promise<DeliveryView[]> {
    return this.conversations.listDeliveries(principal.userId, chatId);
  }
}
