import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { Widget as WidgetContract, WidgetFields } from '../../../contracts/widgets';
import { withDefaults, type WidgetConfig } from '../widget-config';
import type { Widget } from '../widget.entity';

/** Appearance and texts; every field optional (docs/widgets.md). */
export class WidgetConfigDto implements Partial<WidgetConfig> {
  @IsOptional()
  @IsString()
  @Length(1, 60)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  subtitle?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  greeting?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  placeholder?: string;

  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be #rrggbb' })
  color?: string;

  @IsOptional()
  @IsIn(['right', 'left'])
  position?: 'right' | 'left';

  @IsOptional()
  @IsBoolean()
  humanHandoff?: boolean;

  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'privacyUrl must be an http(s) URL' })
  @MaxLength(500)
  privacyUrl?: string | null;
}

class WidgetFieldsDto {
  /** A task prompt topic: every visitor is answered with it, skipping the sorter. Null routes normally. */
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'taskPromptTopic must be a task prompt topic key' })
  taskPromptTopic?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => WidgetConfigDto)
  config?: WidgetConfigDto;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateWidgetDto extends WidgetFieldsDto implements WidgetFields {
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Host names (`shop.example.com`), optionally with a port, or `*.example.com`. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowedDomains!: string[];
}

export class UpdateWidgetDto extends WidgetFieldsDto implements Partial<WidgetFields> {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowedDomains?: string[];
}

export class WidgetDto implements WidgetContract {
  id!: string;
  name!: string;
  taskPromptTopic!: string | null;
  allowedDomains!: string[];
  config!: WidgetConfig;
  active!: boolean;
  createdAt!: string;
  updatedAt!: string;

  static from(widget: Widget): WidgetDto {
    return {
      id: widget.id,
      name: widget.name,
      taskPromptTopic: widget.taskPromptTopic,
      allowedDomains: widget.allowedDomains,
      config: withDefaults(widget.config),
      active: widget.active,
      createdAt: widget.createdAt.toISOString(),
      updatedAt: widget.updatedAt.toISOString(),
    };
  }
}
