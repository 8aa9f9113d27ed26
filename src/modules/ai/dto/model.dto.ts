import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { Model, ModelSettings, ModelSettingsChange } from '../../../contracts/models';
import { ModelCapability } from '../ai.types';
import type { CatalogueModel } from '../catalogue/model-resolution';
import { OFFLINE_PROVIDER_ID } from '../providers/offline.provider';

export class ModelDto implements Model {
  /** What clients send as `modelId`. */
  id!: string;
  provider!: string;
  name!: string;
  label!: string;
  capabilities!: ModelCapability[];
  /** The built-in offline provider: the UI labels its answers. */
  offline!: boolean;

  static from(model: CatalogueModel): ModelDto {
    return {
      id: model.id,
      provider: model.provider,
      name: model.name,
      label: model.label,
      capabilities: [...model.capabilities],
      offline: model.provider === OFFLINE_PROVIDER_ID,
    };
  }
}

/** A model id per capability; null where nothing is bound (or, for `effective`, nothing can serve). */
export type CapabilityBindings = Record<ModelCapability, string | null>;

export class ModelSettingsDto implements ModelSettings {
  global!: CapabilityBindings;
  /** The caller's personal overrides. */
  user!: CapabilityBindings;
  /** What resolution picks for the caller right now. */
  effective!: CapabilityBindings;
}

const MODEL_ID = { min: 1, max: 100 };

/** One optional entry per capability: a model id binds it, null removes the binding, absent leaves it. */
export class ModelBindingsDto {
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) CHAT?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) SORT?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) PLAN?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) SUMMARIZE?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) MEM?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) VECTORIZE?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) TEXT2PIC?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) TEXT2SOUND?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) SOUND2TEXT?: string | null;
  @IsOptional() @IsString() @Length(MODEL_ID.min, MODEL_ID.max) PIC2TEXT?: string | null;
}

export const BINDING_SCOPES = ['global', 'user'] as const;
export type BindingScope = (typeof BINDING_SCOPES)[number];

export class PutModelSettingsDto implements ModelSettingsChange {
  /** `global` (admins) or `user` (the caller's own overrides). */
  @IsIn(BINDING_SCOPES)
  scope!: BindingScope;

  @IsObject()
  @ValidateNested()
  @Type(() => ModelBindingsDto)
  bindings!: ModelBindingsDto;
}
