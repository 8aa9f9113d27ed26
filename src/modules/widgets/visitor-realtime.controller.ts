import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { requestOrigin } from '../../common/http/request-origin';
import { UuidParam } from '../../common/http/uuid-param';
import { Public } from '../auth/auth.decorators';
import type { RealtimeConnectionDto } from '../realtime/dto/realtime.dto';
import { RealtimeTokens } from '../realtime/realtime-tokens.service';
import { LiveSupportService } from './live-support.service';
import { VisitorLimits } from './visitor-limits';
import { SessionIdParam, WidgetSessionHeader } from './widget-session-id';
import { WidgetsService } from './widgets.service';

/**
 * The visitor's realtime connection token (docs/widgets.md): minted for an existing session of an
 * active widget, asked for from a page the widget allows, and bound to that page's origin. Rate
 * limited per IP across nodes. An unknown widget/session pair is the same 404 as a missing one.
 */
@ApiTags('realtime')
@Public()
@Controller('realtime/widget/:wid/sessions/:sid')
export class VisitorRealtimeController {
  constructor(
    private readonly widgets: WidgetsService,
    private readonly liveSupport: LiveSupportService,
    private readonly tokens: RealtimeTokens,
    private readonly limits: VisitorLimits,
  ) {}

  @ApiHeader({ name: 'X-Widget-Session', required: true, description: 'The same session id as in the path.' })
  @Post('token')
  @HttpCode(HttpStatus.OK)
  async token(
    @UuidParam('wid') widgetId: string,
    @SessionIdParam('sid') sessionId: string,
    @WidgetSessionHeader() heldSessionId: string,
    @Req() request: FastifyRequest,
  ): Promise<RealtimeConnectionDto> {
    await this.limits.chargeToken(request.ip);
    const origin = requestOrigin(request.headers);
    const widget = await this.widgets.forVisitor(widgetId, origin);
    if (heldSessionId !== sessionId) throw new AppException(ErrorCode.NotFound, 'No such widget session.');
    if (!widget.active) throw new AppException(ErrorCode.WidgetInactive, 'This chat is switched off at the moment.');
    await this.liveSupport.visitorSession(widget, sessionId);
    return { ...this.tokens.mintConnection({ kind: 'visitor', widgetId, sessionId }, origin), url: this.tokens.socketUrl };
  }
}
