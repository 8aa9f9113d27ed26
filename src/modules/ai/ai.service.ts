import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { guardedCall, guardedStream, withRetries, defaultBackoffMs, type CallPolicy } from './ai-call-policy';
import { AiErrorCode, AiProviderError } from './ai-provider.error';
import type { ChatCompletion, ChatRequest, ChatStreamEvent, GeneratedMedia, MediaInput, ModelCapability, ProviderStreamEvent, ResolvedModel, TokenUsage } from './ai.types';
import { GLOBAL_SCOPE } from './catalogue/model-binding.entity';
import { ModelBindingsRepository } from './catalogue/model-bindings.repository';
import { ModelCatalogueService } from './catalogue/model-catalogue.service';
import { pickModel, toResolvedModel } from './catalogue/model-resolution';
import { generationObserver } from './generation-observer';
import { detectLanguage } from './language';
import type { AiProvider } from './providers/ai-provider';
import { ProviderRegistry } from './providers/provider-registry';

/**
 * The one entry point to AI for the rest of the application: picks the model for a capability
 * and calls its provider under one policy (request and idle timeouts, retries before any output,
 * prompt cancellation). Errors are always AiProviderError with a stable code. Every call's failure
 * and the tokens providers report are counted here (MetricsService).
 */
@Injectable()
export class AiService {
  private readonly policy: CallPolicy;

  constructor(
    config: AppConfig,
    private readonly catalogue: ModelCatalogueService,
    private readonly bindings: ModelBindingsRepository,
    private readonly registry: ProviderRegistry,
    private readonly metrics: MetricsService,
  ) {
    this.policy = {
      requestTimeoutMs: config.providers.requestTimeoutS * 1000,
      idleTimeoutMs: config.providers.streamIdleTimeoutS * 1000,
      maxRetries: config.providers.maxRetries,
      backoffMs: defaultBackoffMs,
    };
  }

  /**
   * Picks the model for a capability: explicit modelId (must exist, be enabled and support the
   * capability, else MODEL_NOT_AVAILABLE) → the user's binding → the global binding → automatic
   * (first enabled model supporting it, configured real providers before offline). None → NoModel.
   */
  async resolve(capability: ModelCapability, options: { userId?: string; modelId?: string | null } = {}): Promise<ResolvedModel> {
    const candidates = await this.catalogue.usableModels();
    if (options.modelId) {
      const model = candidates.find((m) => m.id === options.modelId);
      if (!model || !model.capabilities.includes(capability)) {
        throw new AiProviderError(
          AiErrorCode.ModelNotAvailable,
          model
            ? `The model "${model.label}" cannot do ${capability}.`
            : `The model "${options.modelId}" does not exist or is not enabled on this server.`,
        );
      }
      return toResolvedModel(model);
    }
    const scopes = options.userId ? [GLOBAL_SCOPE, options.userId] : [GLOBAL_SCOPE];
    const rows = await this.bindings.findForCapability(scopes, capability);
    const picked = pickModel(capability, candidates, {
      global: rows.find((r) => r.scope === GLOBAL_SCOPE)?.modelId,
      user: options.userId ? rows.find((r) => r.scope === options.userId)?.modelId : undefined,
    });
    if (!picked) {
      throw new AiProviderError(
        AiErrorCode.NoModel,
        `No model is available for ${capability}: no configured provider offers it. An administrator can connect one under Settings → Models.`,
      );
    }
    return toResolvedModel(picked.model);
  }

  /**
   * Streams deltas and a final usage event (when the provider reports usage). Retries retryable
   * failures with backoff only before the first delta; a failure after output throws after the
   * partial deltas. Aborting `request.signal` ends the stream promptly with CANCELLED. The model's
   * reasoning and why it finished go to the observer of the calling context (generation-observer.ts).
   */
  streamChat(model: ResolvedModel, request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const { signal, ...rest } = request;
    return this.meteredStream(model, reportAside(guardedStream((attemptSignal) => this.provider(model).streamChat(model.name, rest, attemptSignal), this.policy, model.label, signal)));
  }

  /** The whole answer at once. A failure mid-answer is retried too: nobody has seen the partial text. */
  async complete(model: ResolvedModel, request: ChatRequest): Promise<ChatCompletion> {
    const { signal, ...rest } = request;
    const singleAttempt: CallPolicy = { ...this.policy, maxRetries: 0 };
    const attempt = async (): Promise<ChatCompletion> => {
      let text = '';
      let usage: TokenUsage | undefined;
      for await (const event of guardedStream(
        (attemptSignal) => this.provider(model).streamChat(model.name, rest, attemptSignal),
        singleAttempt,
        model.label,
        signal,
      )) {
        // Reasoning is not part of a completion (sorter, planner, summaries): only its answer is.
        if (event.type === 'delta') text += event.text;
        else if (event.type === 'usage') usage = event.usage;
      }
      return usage ? { text, usage } : { text };
    };
    const completion = await this.metered(model, () => withRetries(attempt, this.policy, model.label, signal));
    if (completion.usage) this.countUsage(model, completion.usage);
    return completion;
  }

  embed(model: ResolvedModel, texts: string[], signal?: AbortSignal): Promise<number[][]> {
    return this.metered(model, () => guardedCall((s) => this.provider(model).embed(model.name, texts, s), this.policy, model.label, signal));
  }

  generateImage(model: ResolvedModel, prompt: string, signal?: AbortSignal): Promise<GeneratedMedia> {
    const provider = this.provider(model);
    const generate = provider.generateImage?.bind(provider);
    if (!generate) return Promise.reject(unsupported(model, 'image generation (TEXT2PIC)'));
    return this.metered(model, () => guardedCall((s) => generate(model.name, prompt, s), this.policy, model.label, signal));
  }

  synthesizeSpeech(model: ResolvedModel, text: string, options: { language?: string; signal?: AbortSignal } = {}): Promise<GeneratedMedia> {
    const provider = this.provider(model);
    const synthesize = provider.synthesizeSpeech?.bind(provider);
    if (!synthesize) return Promise.reject(unsupported(model, 'speech synthesis (TEXT2SOUND)'));
    const language = options.language ?? detectLanguage(text);
    return this.metered(model, () => guardedCall((s) => synthesize(model.name, text, { language }, s), this.policy, model.label, options.signal));
  }

  /** Speech to text (SOUND2TEXT). Beyond the core API: for pre-processing audio attachments. */
  transcribe(model: ResolvedModel, audio: MediaInput, options: { language?: string; signal?: AbortSignal } = {}): Promise<string> {
    const provider = this.provider(model);
    const transcribe = provider.transcribe?.bind(provider);
    if (!transcribe) return Promise.reject(unsupported(model, 'transcription (SOUND2TEXT)'));
    const language = options.language;
    return this.metered(model, () => guardedCall((s) => transcribe(model.name, audio, language ? { language } : {}, s), this.policy, model.label, options.signal));
  }

  /** Vision (PIC2TEXT): answers `prompt` about an image. Beyond the core API: for image attachments. */
  describeImage(model: ResolvedModel, image: MediaInput, prompt: string, signal?: AbortSignal): Promise<string> {
    const provider = this.provider(model);
    const describe = provider.describeImage?.bind(provider);
    if (!describe) return Promise.reject(unsupported(model, 'image description (PIC2TEXT)'));
    return this.metered(model, () => guardedCall((s) => describe(model.name, image, prompt, s), this.policy, model.label, signal));
  }

  /** ISO 639-1 code of the text's language (franc); 'en' when too short or unsure. No provider involved. */
  detectLanguage(text: string): string {
    return detectLanguage(text);
  }

  private provider(model: ResolvedModel): AiProvider {
    return this.registry.get(model.provider);
  }

  private async metered<T>(model: ResolvedModel, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.countFailure(model, error);
      throw error;
    }
  }

  /** The events as they come, counting the tokens the provider reports and a failure. */
  private async *meteredStream(model: ResolvedModel, events: AsyncIterable<ChatStreamEvent>): AsyncGenerator<ChatStreamEvent> {
    try {
      for await (const event of events) {
        if (event.type === 'usage') this.countUsage(model, event.usage);
        yield event;
      }
    } catch (error) {
      this.countFailure(model, error);
      throw error;
    }
  }

  /** A cancelled call is no provider's failure: whoever called stopped it. */
  private countFailure(model: ResolvedModel, error: unknown): void {
    const code = error instanceof AiProviderError ? error.code : 'UNKNOWN';
    if (code !== AiErrorCode.Cancelled) this.metrics.countProviderError(model.provider, code);
  }

  private countUsage(model: ResolvedModel, usage: TokenUsage): void {
    this.metrics.countTokens(model.provider, model.name, 'input', usage.promptTokens);
    this.metrics.countTokens(model.provider, model.name, 'output', usage.completionTokens);
  }
}

function unsupported(model: ResolvedModel, what: string): AiProviderError {
  return new AiProviderError(AiErrorCode.Unsupported, `${model.label} cannot do ${what}.`);
}

/** The answer's events for the caller; reasoning and the finish reason for the context's observer, if any. */
async function* reportAside(events: AsyncIterable<ProviderStreamEvent>): AsyncGenerator<ChatStreamEvent> {
  const observer = generationObserver();
  for await (const event of events) {
    if (event.type === 'thinking') observer?.thinking(event.text);
    else if (event.type === 'finish') observer?.finished(event.reason);
    else yield event;
  }
}
