import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { channelOf } from './caller-channel';
import { ChatService } from './chat.service';
import { ChatDto, CreateChatDto, MessageDto, PageQueryDto, UpdateChatDto } from './dto/chat.dto';

@ApiTags('chats')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('chats')
export class ChatsController {
  constructor(private readonly chats: ChatService) {}

  /** Most recently active first. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQueryDto): Promise<ChatDto[]> {
    return this.chats.list(principal.userId, page);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateChatDto): Promise<ChatDto> {
    return this.chats.create(principal.userId, channelOf(principal), dto.title);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<ChatDto> {
    return this.chats.get(principal.userId, id);
  }

  /** `{memoryEnabled}`: whether memories are recalled into and learnt from this chat. */
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() dto: UpdateChatDto): Promise<ChatDto> {
    return this.chats.update(principal.userId, id, dto);
  }

  /** Oldest first; `before` pages back in time. */
  @Get(':id/messages')
  messages(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Query() page: PageQueryDto,
  ): Promise<MessageDto[]> {
    return this.chats.listMessages(principal.userId, id, page);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.chats.delete(principal.userId, id);
  }
}
