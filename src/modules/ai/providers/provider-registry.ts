import { trimTrailing } from '../../../common/trim-trailing';
import type { AppConfig } from '../../../config/app-config';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import type { AiProvider } from './ai-provider';
import { AnthropicProvider } from './anthropic.provider';
import { OfflineProvider } from './offline.provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Real providers rank before the offline one, in this order, when a model is picked automatically. */
export const PROVIDER_PREFERENCE: readonly string[] = ['openai', 'anthropic', 'ollama', 'offline'];

/**
 * The providers this process can call, by id: offline always, the others when configured
 * (`ProviderRegistry.fromConfig`). Provided by a factory in AiModule; tests build their own.
 */
export class ProviderRegistry {
  private readonly providers: Map<string, AiProvider>;

  constructor(providers: readonly AiProvider[]) {
    this.providers = new Map(providers.map((p) => [p.id, p]));
  }

  static fromConfig(config: AppConfig): ProviderRegistry {
    return new ProviderRegistry(buildProviders(config));
  }

  has(id: string): boolean {
    return this.providers.has(id);
  }

  get(id: string): AiProvider {
    const provider = this.providers.get(id);
    if (!provider) {
      throw new AiProviderError(AiErrorCode.Unavailable, `The provider "${id}" is not configured on this server.`);
    }
    return provider;
  }

  ids(): string[] {
    return [...this.providers.keys()];
  }
}

function buildProviders(config: AppConfig): AiProvider[] {
  const { providers } = config;
  const timeoutMs = providers.requestTimeoutS * 1000;
  const list: AiProvider[] = [new OfflineProvider()];
  if (providers.openaiApiKey) {
    list.push(
      new OpenAiCompatibleProvider({
        id: 'openai',
        displayName: providers.openaiBaseUrl ? 'OpenAI-compatible server' : 'OpenAI',
        baseUrl: providers.openaiBaseUrl ?? OPENAI_BASE_URL,
        apiKey: providers.openaiApiKey,
        timeoutMs,
      }),
    );
  }
  if (providers.ollamaUrl) {
    list.push(
      new OpenAiCompatibleProvider({
        id: 'ollama',
        displayName: 'Ollama',
        baseUrl: `${trimTrailing(providers.ollamaUrl, '/')}/v1`,
        apiKey: undefined,
        timeoutMs,
      }),
    );
  }
  if (providers.anthropicApiKey) {
    list.push(new AnthropicProvider({ apiKey: providers.anthropicApiKey, baseUrl: providers.anthropicBaseUrl, timeoutMs, thinkingBudget: providers.anthropicThinkingBudget }));
  }
  return list;
}
