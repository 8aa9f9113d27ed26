import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { FeedbackDto, FeedbackQueryDto, GiveFeedbackDto } from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

/** Thumbs up or down, with an optional note, on the answers in the caller's chats. */
@ApiTags('feedback')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  /** One per answer: giving it again replaces it. */
  @Post()
  @HttpCode(HttpStatus.OK)
  give(@CurrentPrincipal() principal: Principal, @Body() dto: GiveFeedbackDto): Promise<FeedbackDto> {
    return this.feedback.give(principal.userId, dto);
  }

  /** The caller's feedback on one chat's answers. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: FeedbackQueryDto): Promise<FeedbackDto[]> {
    return this.feedback.listForChat(principal.userId, query.chatId);
  }

  @Delete(':messageId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('messageId') messageId: string): Promise<void> {
    return this.feedback.delete(principal.userId, messageId);
  }
}
