import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, type Repository } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** Every query is scoped by owner, except the lookup by hash that authenticates a request. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  async insert(key: Pick<ApiKey, 'userId' | 'name' | 'prefix' | 'keyHash' | 'scopes'>): Promise<ApiKey> {
    const id = randomUUID();
    await this.keys.insert({ ...key, id, lastUsedAt: null, revokedAt: null });
    return (await this.keys.findOneBy({ id })) as ApiKey;
  }

  findActiveByOwner(userId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  /** False when the owner has no such live key. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const result = await this.keys.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}
