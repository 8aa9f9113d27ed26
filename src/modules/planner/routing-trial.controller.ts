import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, Roles } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { needsPlan } from '../routing/classification';
import { RoutingSettingsService } from '../routing/routing-settings.service';
import { RoutingService } from '../routing/routing.service';
import { UserRole } from '../users/user.entity';
import { RoutingTrialDto, RoutingTrialResultDto } from './dto/routing-trial.dto';
import { PlannerService } from './planner.service';

/**
 * "Try a message" on the routing settings page: classification and plan for a sample message,
 * nothing executed. It lives here because the planner module is the one that sees both steps
 * (planner depends on routing, not the other way round).
 */
@ApiTags('routing settings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Admin)
@Roles([UserRole.Admin])
@Controller('settings/routing')
export class RoutingTrialController {
  constructor(
    private readonly routing: RoutingService,
    private readonly settings: RoutingSettingsService,
    private readonly planner: PlannerService,
  ) {}

  @Post('try')
  @HttpCode(HttpStatus.OK)
  async try(@CurrentPrincipal() principal: Principal, @Body() dto: RoutingTrialDto): Promise<RoutingTrialResultDto> {
    const classification = await this.routing.classify({
      text: dto.message,
      userId: principal.userId,
      fixedTopic: dto.promptTopic,
      webSearch: dto.webSearch,
    });
    if (!needsPlan(classification, await this.settings.get())) {
      const note = classification.multiStep ? 'routing is switched off: no plan is made' : 'single-step request: answered on the fast path, without a plan';
      return { classification, plan: null, planSource: null, note };
    }
    const result = await this.planner.plan({
      text: dto.message,
      language: classification.language,
      topic: classification.topic,
      userId: principal.userId,
      files: [],
    });
    return { classification, plan: result.plan, planSource: result.source, note: result.reason ?? null };
  }
}
