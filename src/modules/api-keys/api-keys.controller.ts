import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

/** Managing keys needs a logged-in session, so a leaked key cannot mint more keys. */
@ApiTags('api keys')
@ApiBearerAuth()
@SessionOnly()
@Controller('apikeys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(principal.userId);
  }

  /** Returns the plain key once, as `key`. */
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal.userId, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.apiKeys.revoke(principal.userId, id);
  }
}
