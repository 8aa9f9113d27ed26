import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { ApiKey as ApiKeyContract, CreatedApiKey, NewApiKey } from '../../../contracts/auth';
import { ALL_API_SCOPES, type ApiScope } from '../../auth/principal';
import type { ApiKey } from '../api-key.entity';

export class CreateApiKeyDto implements NewApiKey {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 80)
  name!: string;

  /** Defaults to every scope but `admin`. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ALL_API_SCOPES, { each: true, message: `scopes must be among: ${ALL_API_SCOPES.join(', ')}` })
  scopes?: ApiScope[];
}

export class ApiKeyDto implements ApiKeyContract {
  id!: string;
  name!: string;
  /** The first characters of the key, to tell keys apart. */
  prefix!: string;
  scopes!: ApiScope[];
  createdAt!: string;
  lastUsedAt!: string | null;

  static from(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto implements CreatedApiKey {
  /** The plain key. Shown once: only its hash is stored. */
  key!: string;
}
