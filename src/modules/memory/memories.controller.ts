import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { CreateMemoryDto, MemoryDto, MemoryQueryDto, UpdateMemoryDto } from './dto/memory.dto';
import { MemoryService } from './memory.service';

/** The caller's memories: what the assistant knows about them, to read, correct and delete. */
@ApiTags('memories')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('memories')
export class MemoriesController {
  constructor(private readonly memory: MemoryService) {}

  /** Newest change first; `category` and `q` (in key or value) narrow it. */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: MemoryQueryDto): Promise<MemoryDto[]> {
    return this.memory.list(principal.userId, query);
  }

  /** Creates the fact, or replaces the value of the one with the same category and key. */
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateMemoryDto): Promise<MemoryDto> {
    return this.memory.create(principal.userId, dto);
  }

  @Put(':id')
  update(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() dto: UpdateMemoryDto): Promise<MemoryDto> {
    return this.memory.update(principal.userId, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.memory.delete(principal.userId, id);
  }

  /** Forgets everything. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  deleteAll(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.memory.deleteAll(principal.userId);
  }
}
