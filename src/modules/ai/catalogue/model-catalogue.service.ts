import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { trimTrailing } from '../../../common/trim-trailing';
import { TtlCache } from '../../../common/ttl-cache';
import { AppException } from '../../../common/errors/app.exception';
import { LockService } from '../../../infra/redis/lock.service';
import { PROVIDER_PREFERENCE, ProviderRegistry } from '../providers/provider-registry';
import type { AiModel } from './ai-model.entity';
import { AiModelsRepository } from './ai-models.repository';
import { anthropicModels, type ModelDefinition, OFFLINE_MODELS, ollamaModels, openAiModels } from './model-definitions';
import type { CatalogueModel } from './model-resolution';

/** Ids are VARCHAR(100); a longer one could not be stored. */
const MAX_ID_LENGTH = 100;
const OLLAMA_TAGS_TIMEOUT_MS = 3_000;
/** Models change only when a node boots: a few seconds of staleness spares a query per call. */
const CACHE_TTL_MS = 5_000;

/**
 * The model catalogue: written at boot from configuration (built-in offline models, then each
 * configured provider's models), read by resolution. Every node boots with the same
 * configuration, so concurrent syncs agree; the cluster lock keeps their writes from interleaving.
 */
@Injectable()
export class ModelCatalogueService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ModelCatalogueService.name);
  /** Position of each model in configuration order: the tie-break of automatic choice. */
  private order = new Map<string, number>();
  private readonly cache = new TtlCache<CatalogueModel[]>(CACHE_TTL_MS, 1, { refreshAhead: true });

  constructor(
    private readonly config: AppConfig,
    private readonly models: AiModelsRepository,
    private readonly registry: ProviderRegistry,
    private readonly lock: LockService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Upserts the configured models and disables those of providers no longer configured. */
  async sync(): Promise<void> {
    const { definitions, unknownProviders } = await this.configuredModels();
    this.order = new Map(definitions.map((d, index) => [d.id, index]));
    try {
      const disabled = await this.lock.withLock(
        'ai:catalogue-sync',
        async () => {
          await this.models.upsertEnabled(definitions);
          return this.models.disableAllBut(
            definitions.map((d) => d.id),
            unknownProviders,
          );
        },
        { ttlMs: 15_000, waitMs: 30_000 },
      );
      this.logger.log(`model catalogue: ${definitions.length} models enabled, ${disabled} disabled`);
    } catch (error) {
      // Another node holding the lock for 30 s is syncing the same configuration: its result stands.
      if (!(error instanceof AppException)) throw error;
      this.logger.warn(`model catalogue not synced by this node: ${error.message}`);
    }
    this.cache.invalidate();
  }

  /**
   * Enabled models this process can call, best first: configured real providers before the
   * offline one, then configuration order.
   */
  usableModels(): Promise<CatalogueModel[]> {
    return this.cache.get('usable', async () => {
      const rows = await this.models.findEnabled();
      return rows.filter((row) => this.registry.has(row.provider)).map(toCatalogueModel).sort((a, b) => this.compare(a, b));
    });
  }

  private compare(a: CatalogueModel, b: CatalogueModel): number {
    const rank = (provider: string): number => {
      const index = PROVIDER_PREFERENCE.indexOf(provider);
      // Unknown providers (added later) still rank before offline, which is last.
      return index === -1 ? PROVIDER_PREFERENCE.length - 1.5 : index;
    };
    const position = (id: string): number => this.order.get(id) ?? Number.MAX_SAFE_INTEGER;
    return rank(a.provider) - rank(b.provider) || position(a.id) - position(b.id) || a.id.localeCompare(b.id);
  }

  private async configuredModels(): Promise<{ definitions: ModelDefinition[]; unknownProviders: string[] }> {
    const { providers } = this.config;
    const definitions: ModelDefinition[] = [...OFFLINE_MODELS];
    const unknownProviders: string[] = [];
    if (providers.openaiApiKey) definitions.push(...openAiModels(providers.openaiModels, providers.openaiBaseUrl !== undefined));
    if (providers.anthropicApiKey) definitions.push(...anthropicModels(providers.anthropicModels));
    if (providers.ollamaUrl) {
      const names = await this.ollamaModelNames(providers.ollamaUrl);
      if (names) definitions.push(...ollamaModels(names));
      else unknownProviders.push('ollama');
    }
    const storable = definitions.filter((d) => d.id.length <= MAX_ID_LENGTH);
    for (const skipped of definitions.filter((d) => d.id.length > MAX_ID_LENGTH)) {
      this.logger.warn(`model id too long for the catalogue, skipped: ${skipped.id}`);
    }
    return { definitions: storable, unknownProviders };
  }

  /** Best effort: Ollama may still be starting; its models then stay as the last sync left them. */
  private async ollamaModelNames(baseUrl: string): Promise<string[] | undefined> {
    try {
      const response = await fetch(`${trimTrailing(baseUrl, '/')}/api/tags`, { signal: AbortSignal.timeout(OLLAMA_TAGS_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { models?: Array<{ name?: unknown }> };
      const names = (body.models ?? []).map((m) => m.name).filter((name): name is string => typeof name === 'string' && name !== '');
      this.logger.log(`Ollama at ${baseUrl} lists ${names.length} models`);
      return names;
    } catch (error) {
      this.logger.warn(`could not list Ollama models at ${baseUrl}: ${(error as Error).message}; keeping the catalogue's Ollama models as they were`);
      return undefined;
    }
  }
}

function toCatalogueModel(row: AiModel): CatalogueModel {
  return { id: row.id, provider: row.provider, name: row.name, label: row.label, capabilities: row.capabilities };
}
