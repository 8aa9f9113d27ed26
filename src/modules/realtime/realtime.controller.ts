import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config';
import { REALTIME_PATH } from '../../infra/realtime/realtime-path';
import { CurrentPrincipal, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ChannelAccess } from './channel-access.service';
import { requireChannel } from './channels';
import { RealtimeConnectionDto, SubscribeDto, SubscriptionTokenDto } from './dto/realtime.dto';
import { RealtimeTokens } from './realtime-tokens.service';
import type { RealtimeSubject } from './realtime.types';

/**
 * Tokens for the realtime socket, for logged-in users (docs/api.md, realtime). Sessions only for now: no
 * API key scope covers realtime yet. Nothing is stored, so both answer 200. With
 * REALTIME_ENABLED=false both answer 503 REALTIME_DISABLED (RealtimeTokens refuses to mint).
 */
@ApiTags('realtime')
@ApiBearerAuth()
@SessionOnly()
@Controller('realtime')
export class RealtimeController {
  private readonly socketUrl: string;

  constructor(
    private readonly tokens: RealtimeTokens,
    private readonly access: ChannelAccess,
    config: AppConfig,
  ) {
    this.socketUrl = socketUrlOf(config);
  }

  /** A connection token for the caller, and where to open the socket with it. */
  @Post('token')
  @HttpCode(HttpStatus.OK)
  connectionToken(@CurrentPrincipal() principal: Principal): RealtimeConnectionDto {
    return { ...this.tokens.mintConnection(userSubject(principal)), url: this.socketUrl };
  }

  /**
   * A subscription token for one channel the caller may follow. A name that is not a channel →
   * 400 CHANNEL_INVALID; a channel that is not the caller's to follow → 403 CHANNEL_FORBIDDEN,
   * the same whether or not what it names exists.
   */
  @Post('subscribe')
  @HttpCode(HttpStatus.OK)
  async subscriptionToken(@CurrentPrincipal() principal: Principal, @Body() dto: SubscribeDto): Promise<SubscriptionTokenDto> {
    const subject = userSubject(principal);
    const channel = requireChannel(dto.channel);
    await this.access.authorize(subject, channel);
    return this.tokens.mintSubscription(subject, channel);
  }
}

function userSubject(principal: Principal): RealtimeSubject {
  return { kind: 'user', userId: principal.userId };
}

/**
 * The socket endpoint: the origin of REALTIME_PUBLIC_WS_URL, else APP_URL's as ws(s), at the
 * gateway's path. Only the origin is taken from either, so a configured URL works with or without
 * the path.
 */
function socketUrlOf(config: AppConfig): string {
  const base = new URL(config.realtime.publicWsUrl ?? config.http.appUrl);
  const scheme = base.protocol === 'https:' || base.protocol === 'wss:' ? 'wss:' : 'ws:';
  return `${scheme}//${base.host}${REALTIME_PATH}`;
}
