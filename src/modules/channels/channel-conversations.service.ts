import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { ChatService } from '../chat/chat.service';
import type { MessageDto } from '../chat/dto/chat.dto';
import { UserChannel } from '../realtime/user-channel.service';
import { UsersService } from '../users/users.service';
import { ChannelDeliveries, type DeliveryView } from './channel-deliveries.service';
import type { ExternalChannel } from './channel.types';

/** What the owner of a WhatsApp or e-mail conversation does from the browser. */
@Injectable()
export class ChannelConversations {
  constructor(
    private readonly chats: ChatService,
    private readonly users: UsersService,
    private readonly deliveries: ChannelDeliveries,
    private readonly userChannel: UserChannel,
  ) {}

  /** A person answers in their own words: stored as an operator message, sent like an answer. */
  async reply(userId: string, chatId: string, text: string): Promise<MessageDto> {
    const chat = await this.chats.findOwned(userId, chatId);
    if (chat.channel !== 'whatsapp' && chat.channel !== 'email') {
      throw new AppException(ErrorCode.ChannelNotExternal, 'Replies from here go to WhatsApp and e-mail conversations; this chat is not one.');
    }
    const author = await this.users.findById(userId);
    const message = await this.chats.addFinishedMessage(userId, chatId, 'operator', text, author?.name ?? null);
    await this.deliveries.send(chatId, message.id, chat.channel satisfies ExternalChannel);
    this.userChannel.notify(userId, 'chat.updated', { chatId });
    return message;
  }

  listDeliveries(userId: string, chatId: string): Promise<DeliveryView[]> {
    return this.deliveries.list(userId, chatId);
  }
}
