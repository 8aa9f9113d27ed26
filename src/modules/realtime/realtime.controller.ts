import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { allowOrigin } from '../../common/http/cors';
import { requestOrigin } from '../../common/http/request-origin';
import { AllowWidgetVisitors, CurrentPrincipal, OptionalPrincipal, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ChannelAccess } from './channel-access.service';
import { requireChannel } from './channels';
import { RealtimeConnectionDto, SubscribeDto, SubscriptionTokenDto } from './dto/realtime.dto';
import { RealtimeTokens } from './realtime-tokens.service';
import type { RealtimeSubject } from './realtime.types';

/**
 * Tokens for the realtime socket, for logged-in users (docs/api.md, realtime) and, for their
 * subscriptions, widget visitors (whose connection token comes from the widgets module). Sessions
 * only: no API key scope covers realtime. Nothing is stored, so both answer 200. With
 * REALTIME_ENABLED=false both answer 503 REALTIME_DISABLED (RealtimeTokens refuses to mint).
 */
@ApiTags('realtime')
@ApiBearerAuth()
@SessionOnly()
@Controller('realtime')
export class RealtimeController {
  constructor(
    private readonly tokens: RealtimeTokens,
    private readonly access: ChannelAccess,
  ) {}

  /** A connection token for the caller, and where to open the socket with it. */
  @Post('token')
  @HttpCode(HttpStatus.OK)
  connectionToken(@CurrentPrincipal() principal: Principal): RealtimeConnectionDto {
    return { ...this.tokens.mintConnection(userSubject(principal)), url: this.tokens.socketUrl };
  }

  /**
   * A subscription token for one channel the caller may follow: a signed-in user, or a widget
   * visitor naming `widgetId` and `sessionId` and proving the session with `X-Widget-Session`
   * (docs/widgets.md). A name that is not a channel → 400 CHANNEL_INVALID; a channel that is not
   * the caller's to follow → 403 CHANNEL_FORBIDDEN, the same whether or not what it names exists.
   */
  @Post('subscribe')
  @AllowWidgetVisitors()
  @HttpCode(HttpStatus.OK)
  async subscriptionToken(
    @OptionalPrincipal() principal: Principal | undefined,
    @Body() dto: SubscribeDto,
    @Headers('x-widget-session') widgetSession: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubscriptionTokenDto> {
    const channel = requireChannel(dto.channel);
    const subject = principal ? userSubject(principal) : await this.visitor(dto, widgetSession, request, reply);
    await this.access.authorize(subject, channel);
    return this.tokens.mintSubscription(subject, channel);
  }

  /** The visitor, admitted from their page; that page (on the owner's site) may then read the answer. */
  private async visitor(dto: SubscribeDto, widgetSession: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<RealtimeSubject> {
    if (!dto.widgetId || !dto.sessionId || widgetSession !== dto.sessionId) {
      throw new AppException(ErrorCode.Unauthenticated, 'Log in, or as a widget visitor send widgetId and sessionId with the X-Widget-Session header.');
    }
    const origin = requestOrigin(request.headers);
    const visitor = await this.access.admitVisitor({ widgetId: dto.widgetId, sessionId: dto.sessionId }, origin);
    if (origin && request.headers.origin !== undefined) allowOrigin(reply, origin);
    return visitor;
  }
}

function userSubject(principal: Principal): RealtimeSubject {
  return { kind: 'user', userId: principal.userId };
}
