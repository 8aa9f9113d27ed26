import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../ai/ai.module';
import { SettingsModule } from '../settings/settings.module';
import { RoutingSettingsController } from './routing-settings.controller';
import { RoutingSettingsService } from './routing-settings.service';
import { RoutingService } from './routing.service';
import { TaskPromptSeeder } from './task-prompt-seeder';
import { TaskPrompt } from './task-prompt.entity';
import { TaskPromptsController } from './task-prompts.controller';
import { TaskPromptsRepository } from './task-prompts.repository';
import { TaskPromptsService } from './task-prompts.service';
import { FilesModule } from '../files/files.module';

/** Classification (docs/api.md, routing pipeline), task prompts (`/prompts`) and routing settings (`/settings/routing`). */
@Module({
  imports: [TypeOrmModule.forFeature([TaskPrompt]), SettingsModule, AiModule, FilesModule],
  controllers: [TaskPromptsController, RoutingSettingsController],
  providers: [TaskPromptsRepository, TaskPromptsService, RoutingSettingsService, RoutingService, TaskPromptSeeder],
  exports: [RoutingService, TaskPromptsService, RoutingSettingsService],
})
export class RoutingModule {}
