import { Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { CurrentPrincipal, Roles, SessionOnly } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { UserRole } from '../../users/user.entity';
import { QueueDashboardSessionDto } from './queue-dashboard.dto';
import { PASS_COOKIE, QUEUE_DASHBOARD_PATH } from './queue-dashboard-gate';
import { QueueDashboardPasses } from './queue-dashboard-passes';

/**
 * Opens the queue dashboard for the browser that asks. The SPA holds its tokens in localStorage
 * and sends them as a header, which a page the browser loads cannot do: this answers with a pass
 * in a cookie instead, HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it) and scoped to the dashboard's path (the API never sees it).
 */
@ApiTags('operations')
@ApiBearerAuth()
@SessionOnly()
@Roles([UserRole.Admin])
@Controller('admin/queue-dashboard')
export class QueueDashboardController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly passes: QueueDashboardPasses,
    config: AppConfig,
  ) {
    this.secureCookie = config.http.appUrl.startsWith('https:');
  }

  @Post('session')
  @HttpCode(HttpStatus.OK)
  async open(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<QueueDashboardSessionDto> {
    const pass = await this.passes.issue(principal);
    const attributes = [`Path=${QUEUE_DASHBOARD_PATH}`, `Max-Age=${this.passes.ttlS}`, 'HttpOnly', 'SameSite=Strict', ...(this.secureCookie ? ['Secure'] : [])];
    void reply.header('set-cookie', [`${PASS_COOKIE}=${pass}`, ...attributes].join('; '));
    return { url: `${QUEUE_DASHBOARD_PATH}/`, expiresIn: this.passes.ttlS };
  }
}
