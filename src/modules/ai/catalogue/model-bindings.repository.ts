import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { TtlCache } from '../../../common/ttl-cache';
import type { ModelCapability } from '../ai.types';
import { ModelBinding } from './model-binding.entity';

export interface BindingChange {
  capability: ModelCapability;
  /** null removes the binding. */
  modelId: string | null;
}

/** How long a node may resolve models with a scope's bindings before reading them again. */
const CACHE_TTL_MS = 2_000;

@Injectable()
export class ModelBindingsRepository {
  /** Each scope's bindings, read on every model resolution (several per message), changed rarely. */
  private readonly byScope = new TtlCache<ModelBinding[]>(CACHE_TTL_MS, 10_000, { refreshAhead: true });

  constructor(@InjectRepository(ModelBinding) private readonly bindings: Repository<ModelBinding>) {}

  /** The bindings of these scopes (`global` and/or a user id). */
  findByScopes(scopes: readonly string[]): Promise<ModelBinding[]> {
    return this.bindings.findBy({ scope: In([...scopes]) });
  }

  async findForCapability(scopes: readonly string[], capability: ModelCapability): Promise<ModelBinding[]> {
    const rows = await Promise.all(scopes.map((scope) => this.byScope.get(scope, () => this.bindings.findBy({ scope }))));
    return rows.flat().filter((row) => row.capability === capability);
  }

  /** Applies all changes of one scope at once: a PUT either takes effect whole or not at all. */
  async apply(scope: string, changes: readonly BindingChange[]): Promise<void> {
    await this.bindings.manager.transaction(async (manager) => {
      const repository = manager.getRepository(ModelBinding);
      const removed = changes.filter((c) => c.modelId === null).map((c) => c.capability);
      const set = changes.flatMap((c) => (c.modelId === null ? [] : [{ scope, capability: c.capability, modelId: c.modelId }]));
      if (removed.length > 0) await repository.delete({ scope, capability: In(removed) });
      if (set.length > 0) await repository.upsert(set, ['scope', 'capability']);
    });
    this.byScope.invalidate(scope);
  }
}
