import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../../auth/auth.decorators';
import { ApiScope, type Principal } from '../../auth/principal';
import { CreateWidgetSourceDto, WidgetSourceDto } from './dto/widget-source.dto';
import { WidgetSourcesService } from './widget-sources.service';

/**
 * The websites a widget answers from (docs/knowledge.md, Widget knowledge): the widget's owner
 * only, like the widget itself (sessions, and API keys with the `widgets` scope); another user's
 * widget is NOT_FOUND.
 */
@ApiTags('widgets')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Widgets)
@Controller('widgets/:wid/sources')
export class WidgetSourcesController {
  constructor(private readonly sources: WidgetSourcesService) {}

  /** Newest first. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string): Promise<WidgetSourceDto[]> {
    return this.sources.list(principal.userId, widgetId);
  }

  /** Adds a website and queues its crawl; 400 URL_NOT_ALLOWED when it is not a public http(s) address. */
  @Post()
  create(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @Body() dto: CreateWidgetSourceDto): Promise<WidgetSourceDto> {
    return this.sources.create(principal.userId, widgetId, dto);
  }

  /** Queues a new crawl; 409 while one is queued or running. */
  @Post(':id/crawl')
  @HttpCode(HttpStatus.ACCEPTED)
  recrawl(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @UuidParam('id') id: string): Promise<WidgetSourceDto> {
    return this.sources.recrawl(principal.userId, widgetId, id);
  }

  /** Removes the website and its pages from the widget's knowledge. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('wid') widgetId: string, @UuidParam('id') id: string): Promise<void> {
    return this.sources.delete(principal.userId, widgetId, id);
  }
}
