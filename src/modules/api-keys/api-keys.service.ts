import { Injectable, Logger } from '@nestjs/common';
import { randomSecret, sha256Hex } from '../../common/crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisClients } from '../../infra/redis/redis.clients';
import { ApiScope, DEFAULT_API_SCOPES, type Principal } from '../auth/principal';
import { UserRole } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ApiKeyDto, type CreateApiKeyDto, type CreatedApiKeyDto } from './dto/api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';

export const API_KEY_PREFIX = 'sk_';
/** last_used_at is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_S = 60;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersService,
    private readonly redis: RedisClients,
  ) {}

  async create(userId: string, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const scopes = dto.scopes ?? [...DEFAULT_API_SCOPES];
    // The owner's role as stored now, not as a session token remembers it.
    if (scopes.includes(ApiScope.Admin) && (await this.users.findById(userId))?.role !== UserRole.Admin) {
      throw new AppException(ErrorCode.Forbidden, 'Only admins can create keys with the admin scope.');
    }
    const key = API_KEY_PREFIX + randomSecret(32);
    const stored = await this.keys.insert({ userId, name: dto.name, prefix: key.slice(0, 10), keyHash: sha256Hex(key), scopes });
    return { ...ApiKeyDto.from(stored), key };
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    return (await this.keys.findActiveByOwner(userId)).map((key) => ApiKeyDto.from(key));
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.keys.revoke(userId, id))) throw new AppException(ErrorCode.NotFound, 'No such API key.');
  }

  /** Resolves a presented key to its owner; TOKEN_INVALID when unknown or revoked. */
  async authenticate(plainKey: string): Promise<Principal> {
    const invalid = new AppException(ErrorCode.TokenInvalid, 'The API key is not valid or has been revoked.');
    if (!plainKey.startsWith(API_KEY_PREFIX) || plainKey.length > 128) throw invalid;
    const key = await this.keys.findActiveByHash(sha256Hex(plainKey));
    if (!key) throw invalid;
    const owner = await this.users.findById(key.userId);
    if (!owner) throw invalid;
    await this.noteUse(key.id);
    // The owner was just read from the database, so this is the role as stored now. An admin's
    // key acts as admin only when it carries the admin scope.
    const role = owner.role === UserRole.Admin && key.scopes.includes(ApiScope.Admin) ? UserRole.Admin : UserRole.User;
    return { kind: 'api_key', userId: owner.id, currentRole: () => Promise.resolve(role), apiKeyId: key.id, scopes: key.scopes };
  }

  /** Best effort: bookkeeping must never fail the request it describes. */
  private async noteUse(id: string): Promise<void> {
    try {
      const first = await this.redis.app.set(this.redis.key('apikey-used', id), '1', 'EX', LAST_USED_RESOLUTION_S, 'NX');
      if (first === 'OK') await this.keys.markUsed(id, new Date());
    } catch (error) {
      this.logger.warn(`could not record API key use: ${(error as Error).message}`);
    }
  }
}
