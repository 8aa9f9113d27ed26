import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { OperatorReplyDto, SessionListQueryDto, TranscriptDto, WidgetMessageDto, WidgetSessionDto } from './dto/live-support.dto';
import { LiveSupportService } from './live-support.service';
import { SessionIdParam } from './widget-session-id';

/** Live support for the widget's owner: sessions, transcripts, takeover, reply, handback (docs/widgets.md). */
@ApiTags('live support')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Widgets)
@Controller('widgets/:wid/sessions')
export class LiveSupportController {
  constructor(private readonly liveSupport: LiveSupportService) {}

  /** Most recent activity first; `mode` filters. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @Query() query: SessionListQueryDto): Promise<WidgetSessionDto[]> {
    return this.liveSupport.listSessions(principal.userId, widgetId, query.mode);
  }

  /** The session and its last 200 messages; marks it read. */
  @Get(':sid/messages')
  transcript(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @SessionIdParam('sid') sessionId: string): Promise<TranscriptDto> {
    return this.liveSupport.transcript(principal.userId, widgetId, sessionId);
  }

  @Post(':sid/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  read(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @SessionIdParam('sid') sessionId: string): Promise<void> {
    return this.liveSupport.markRead(principal.userId, widgetId, sessionId);
  }

  /** A person takes over: the AI stops (keeping what it wrote) and stays quiet until handback. */
  @Post(':sid/takeover')
  @HttpCode(HttpStatus.OK)
  takeover(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @SessionIdParam('sid') sessionId: string): Promise<WidgetSessionDto> {
    return this.liveSupport.takeover(principal.userId, widgetId, sessionId);
  }

  @Post(':sid/handback')
  @HttpCode(HttpStatus.OK)
  handback(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @SessionIdParam('sid') sessionId: string): Promise<WidgetSessionDto> {
    return this.liveSupport.handback(principal.userId, widgetId, sessionId);
  }

  /** Only in `human` mode: SESSION_NOT_TAKEN_OVER (409) otherwise. */
  @Post(':sid/reply')
  reply(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('wid') widgetId: string,
    @SessionIdParam('sid') sessionId: string,
    @Body() dto: OperatorReplyDto,
  ): Promise<WidgetMessageDto> {
    return this.liveSupport.reply(principal.userId, widgetId, sessionId, dto.text);
  }
}
