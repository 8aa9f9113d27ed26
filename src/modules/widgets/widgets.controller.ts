import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { CreateWidgetDto, UpdateWidgetDto, WidgetDto } from './dto/widget.dto';
import { WidgetsService } from './widgets.service';

/** The caller's widgets (docs/widgets.md). */
@ApiTags('widgets')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Widgets)
@Controller('widgets')
export class WidgetsController {
  constructor(private readonly widgets: WidgetsService) {}

  /** Newest first. */
  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<WidgetDto[]> {
    return this.widgets.list(principal.userId);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWidgetDto): Promise<WidgetDto> {
    return this.widgets.create(principal.userId, dto);
  }

  @Get(':wid')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('wid') id: string): Promise<WidgetDto> {
    return this.widgets.get(principal.userId, id);
  }

  /** Changes the fields given; `config` fields are merged into the stored ones. */
  @Put(':wid')
  update(@CurrentPrincipal() principal: Principal, @UuidParam('wid') id: string, @Body() dto: UpdateWidgetDto): Promise<WidgetDto> {
    return this.widgets.update(principal.userId, id, dto);
  }

  /** Deletes the widget with its sessions and their conversations. */
  @Delete(':wid')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('wid') id: string): Promise<void> {
    return this.widgets.delete(principal.userId, id);
  }
}
