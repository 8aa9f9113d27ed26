import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { WEB_SEARCH_PROVIDERS, type WebSearchProviderName } from '../../../config/env.schema';
import type { NewTaskPrompt, TaskPrompt, TaskPromptChange, TaskPromptSettings } from '../../../contracts/routing';
import { MAX_SELECTION_RULE_LENGTH, MAX_SELECTION_RULES } from '../selection-rules';
import type { EffectiveTaskPrompt } from '../task-prompts.service';

/** Topic keys: lower case, digits, `_` and `-`; 2–64 characters, starting with a letter or digit. */
export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const TOPIC_MESSAGE = 'topic must be 2–64 characters of a-z, 0-9, "_" or "-", starting with a letter or digit';

/** The field may be left out, but when it is given it must be valid: null is not "left out". */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export class TaskPromptSettingsDto implements Partial<TaskPromptSettings> {
  /** Catalogue model id; null or absent = the CHAT binding. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  model?: string | null;

  /** Exactly true (always), false (never) or null (auto). Strings and numbers are refused. */
  @IsOptional()
  @IsBoolean({ message: 'settings.webSearch must be true, false or null' })
  webSearch?: boolean | null;

  /** A configured search provider for this topic's web searches; null or absent = SEARCH_PROVIDER. */
  @IsOptional()
  @IsIn(WEB_SEARCH_PROVIDERS, { message: `settings.searchProvider must be one of ${WEB_SEARCH_PROVIDERS.join(', ')}, or null` })
  searchProvider?: WebSearchProviderName | null;

  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  files?: string[];
}

class TaskPromptFieldsDto {
  @IfPresent()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_SELECTION_RULES)
  @IsString({ each: true })
  @Length(1, MAX_SELECTION_RULE_LENGTH, { each: true })
  @Matches(/\S/, { each: true, message: 'selectionRules must not contain blank rules' })
  selectionRules?: string[];

  @IfPresent()
  @IsBoolean()
  enabled?: boolean;

  @IfPresent()
  @IsObject()
  @ValidateNested()
  @Type(() => TaskPromptSettingsDto)
  settings?: TaskPromptSettingsDto;
}

export class CreateTaskPromptDto extends TaskPromptFieldsDto implements NewTaskPrompt {
  @IsString()
  @Matches(TOPIC_PATTERN, { message: TOPIC_MESSAGE })
  topic!: string;

  @IsString()
  @Length(1, 50_000)
  prompt!: string;

  /** `system` (admins only) creates an installation-wide prompt; default `user`, a personal one. */
  @IfPresent()
  @IsIn(['system', 'user'])
  scope?: 'system' | 'user';
}

/** Every field optional: only what is sent changes (settings keys merge one by one). */
export class UpdateTaskPromptDto extends TaskPromptFieldsDto implements TaskPromptChange {
  @IfPresent()
  @IsString()
  @Matches(TOPIC_PATTERN, { message: TOPIC_MESSAGE })
  topic?: string;

  @IfPresent()
  @IsString()
  @Length(1, 50_000)
  prompt?: string;
}

export class TaskPromptSettingsViewDto implements TaskPromptSettings {
  @ApiPropertyOptional({ type: String, nullable: true })
  model?: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'true = always, false = never, null = auto' })
  webSearch!: boolean | null;

  @ApiPropertyOptional({ type: String, enum: WEB_SEARCH_PROVIDERS, nullable: true, description: 'absent or null = SEARCH_PROVIDER' })
  searchProvider?: WebSearchProviderName | null;

  @ApiPropertyOptional({ type: [String] })
  files?: string[];
}

export class TaskPromptDto implements TaskPrompt {
  id!: string;
  topic!: string;
  description!: string;
  prompt!: string;
  selectionRules!: string[];
  enabled!: boolean;
  settings!: TaskPromptSettingsViewDto;
  /** `system`: installation-wide; `user`: the caller's own (an override when `overridesSystem`). */
  scope!: 'system' | 'user';
  /** A seeded default: cannot be deleted, can be restored. */
  isDefault!: boolean;
  overridesSystem?: boolean;
  updatedAt!: string;

  static from(prompt: EffectiveTaskPrompt): TaskPromptDto {
    const settings: TaskPromptSettingsViewDto = { webSearch: prompt.settings.webSearch };
    if (prompt.settings.model !== undefined) settings.model = prompt.settings.model;
    if (prompt.settings.searchProvider !== undefined) settings.searchProvider = prompt.settings.searchProvider;
    if (prompt.settings.files !== undefined) settings.files = prompt.settings.files;
    const dto: TaskPromptDto = {
      id: prompt.id,
      topic: prompt.topic,
      description: prompt.description,
      prompt: prompt.prompt,
      selectionRules: prompt.selectionRules,
      enabled: prompt.enabled,
      settings,
      scope: prompt.scope,
      isDefault: prompt.isDefault,
      updatedAt: prompt.updatedAt.toISOString(),
    };
    if (prompt.scope === 'user') dto.overridesSystem = prompt.overridesSystem;
    return dto;
  }
}
