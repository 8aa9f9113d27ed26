import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { ModelCapability } from '../ai.types';
import { ModelBinding } from './model-binding.entity';

export interface BindingChange {
  capability: ModelCapability;
  /** null removes the binding. */
  modelId: string | null;
}

@Injectable()
export class ModelBindingsRepository {
  constructor(@InjectRepository(ModelBinding) private readonly bindings: Repository<ModelBinding>) {}

  /** The bindings of these scopes (`global` and/or a user id). */
  findByScopes(scopes: readonly string[]): Promise<ModelBinding[]> {
    return this.bindings.findBy({ scope: In([...scopes]) });
  }

  findForCapability(scopes: readonly string[], capability: ModelCapability): Promise<ModelBinding[]> {
    return this.bindings.findBy({ scope: In([...scopes]), capability });
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
  }
}
