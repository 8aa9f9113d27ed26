import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { ModelDto, ModelSettingsDto, PutModelSettingsDto } from './dto/model.dto';
import { ModelSettingsService } from './model-settings.service';

/**
 * The models messages run on, so keys need the `chat` scope; changing the global bindings also
 * takes an admin (and, for a key, the `admin` scope: see ModelSettingsService.put).
 */
@ApiTags('models')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller()
export class AiController {
  constructor(private readonly settings: ModelSettingsService) {}

  /** The enabled models, for model pickers. */
  @Get('models')
  listModels(): Promise<ModelDto[]> {
    return this.settings.listModels();
  }

  /** Global bindings, the caller's overrides, and what is in effect for the caller. */
  @Get('settings/models')
  getSettings(@CurrentPrincipal() principal: Principal): Promise<ModelSettingsDto> {
    return this.settings.get(principal.userId);
  }

  /** `scope: global` needs an admin; a null binding removes it. Returns the same shape as GET. */
  @Put('settings/models')
  putSettings(@CurrentPrincipal() principal: Principal, @Body() dto: PutModelSettingsDto): Promise<ModelSettingsDto> {
    return this.settings.put(principal, dto);
  }
}
