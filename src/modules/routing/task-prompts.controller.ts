import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope, Roles } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { UserRole } from '../users/user.entity';
import { CreateTaskPromptDto, TaskPromptDto, UpdateTaskPromptDto } from './dto/task-prompt.dto';
import { TaskPromptsService } from './task-prompts.service';

/**
 * Task prompts steer how the caller's messages are routed: keys need the `chat` scope. System-wide
 * prompts also take an admin (for a key, with the `admin` scope: see TaskPromptsService).
 */
@ApiTags('task prompts')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('prompts')
export class TaskPromptsController {
  constructor(private readonly prompts: TaskPromptsService) {}

  /** The caller's effective prompts (own overrides replace system ones), in routing priority order. */
  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<TaskPromptDto[]> {
    return (await this.prompts.listEffective(principal.userId)).map((p) => TaskPromptDto.from(p));
  }

  /** A personal prompt; admins may pass `scope: "system"` for an installation-wide one. */
  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTaskPromptDto): Promise<TaskPromptDto> {
    return TaskPromptDto.from(await this.prompts.create(principal, dto));
  }

  /** An admin's edit of a system prompt applies to everyone; anyone else's becomes their personal override. */
  @Put(':id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() dto: UpdateTaskPromptDto,
  ): Promise<TaskPromptDto> {
    return TaskPromptDto.from(await this.prompts.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.prompts.remove(principal, id);
  }

  /** Puts a seeded default prompt back as shipped. */
  @Post(':id/restore-default')
  @HttpCode(HttpStatus.OK)
  @RequireScope(ApiScope.Admin)
  @Roles([UserRole.Admin])
  async restoreDefault(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<TaskPromptDto> {
    return TaskPromptDto.from(await this.prompts.restoreDefault(principal, id));
  }
}
