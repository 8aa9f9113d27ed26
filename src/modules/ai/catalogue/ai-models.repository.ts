import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type Repository } from 'typeorm';
import { AiModel } from './ai-model.entity';
import type { ModelDefinition } from './model-definitions';

@Injectable()
export class AiModelsRepository {
  constructor(@InjectRepository(AiModel) private readonly models: Repository<AiModel>) {}

  findEnabled(): Promise<AiModel[]> {
    return this.models.find({ where: { enabled: true }, order: { id: 'ASC' } });
  }

  findById(id: string): Promise<AiModel | null> {
    return this.models.findOneBy({ id });
  }

  /** Inserts new models and refreshes known ones (label, capabilities), all enabled. Idempotent. */
  async upsertEnabled(definitions: readonly ModelDefinition[]): Promise<void> {
    if (definitions.length === 0) return;
    await this.models.upsert(
      definitions.map((d) => ({ id: d.id, provider: d.provider, name: d.name, label: d.label, capabilities: d.capabilities, enabled: true })),
      ['id'],
    );
  }

  /**
   * Disables every enabled model not in `keepIds`, except those of `untouchedProviders` (a provider
   * whose model list could not be read this time keeps what it had). Returns how many were disabled.
   */
  async disableAllBut(keepIds: readonly string[], untouchedProviders: readonly string[]): Promise<number> {
    const result = await this.models.update(
      {
        enabled: true,
        ...(keepIds.length > 0 ? { id: Not(In([...keepIds])) } : {}),
        ...(untouchedProviders.length > 0 ? { provider: Not(In([...untouchedProviders])) } : {}),
      },
      { enabled: false },
    );
    return result.affected ?? 0;
  }
}
