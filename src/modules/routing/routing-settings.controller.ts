import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope, Roles } from '../auth/auth.decorators';
import { ApiScope } from '../auth/principal';
import { UserRole } from '../users/user.entity';
import { RoutingSettingsDto, UpdateRoutingSettingsDto } from './dto/routing-settings.dto';
import { RoutingSettingsService } from './routing-settings.service';

@ApiTags('routing settings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Admin)
@Roles([UserRole.Admin])
@Controller('settings/routing')
export class RoutingSettingsController {
  constructor(private readonly settings: RoutingSettingsService) {}

  @Get()
  get(): Promise<RoutingSettingsDto> {
    return this.settings.get();
  }

  /** The shipped defaults (default prompt texts included), for "Restore default" with a diff. */
  @Get('defaults')
  defaults(): RoutingSettingsDto {
    return this.settings.defaults();
  }

  @Put()
  update(@Body() dto: UpdateRoutingSettingsDto): Promise<RoutingSettingsDto> {
    return this.settings.update(dto);
  }
}
