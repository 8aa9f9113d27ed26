import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import type { RoutingSettings, RoutingSettingsChange } from '../../../contracts/routing';
import { MAX_PARALLEL_RANGE, NODE_TIMEOUT_S_RANGE } from '../routing-settings.service';

const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** A partial or full change; absent fields stay. Models: null = the capability binding. Prompts: null = the default text. */
export class UpdateRoutingSettingsDto implements RoutingSettingsChange {
  @IfPresent()
  @IsBoolean()
  routingEnabled?: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  plannerModel?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  sorterModel?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 20_000)
  plannerPrompt?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 20_000)
  sorterPrompt?: string | null;

  @IfPresent()
  @IsInt()
  @Min(MAX_PARALLEL_RANGE.min)
  @Max(MAX_PARALLEL_RANGE.max)
  maxParallel?: number;

  @IfPresent()
  @IsInt()
  @Min(NODE_TIMEOUT_S_RANGE.min)
  @Max(NODE_TIMEOUT_S_RANGE.max)
  nodeTimeoutS?: number;
}

export class RoutingSettingsDto implements RoutingSettings {
  routingEnabled!: boolean;
  plannerModel!: string | null;
  sorterModel!: string | null;
  plannerPrompt!: string;
  sorterPrompt!: string;
  maxParallel!: number;
  nodeTimeoutS!: number;
}
