import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import { AiErrorCode, AiProviderError } from './ai-provider.error';
import { MetricsService } from '../metrics/metrics.service';
import { AiService } from './ai.service';
import { ModelCapability, type ChatStreamEvent, type ProviderStreamEvent } from './ai.types';
import type { ModelBinding } from './catalogue/model-binding.entity';
import type { ModelBindingsRepository } from './catalogue/model-bindings.repository';
import type { ModelCatalogueService } from './catalogue/model-catalogue.service';
import { observeGenerations } from './generation-observer';
import type { CatalogueModel } from './catalogue/model-resolution';
import type { AiProvider } from './providers/ai-provider';
import { OfflineProvider } from './providers/offline.provider';
import { ProviderRegistry } from './providers/provider-registry';

const { Chat, Vectorize, Text2Pic, Text2Sound } = ModelCapability;

/** Usable models, best first, as the catalogue hands them out. */
const MODELS: CatalogueModel[] = [
  { id: 'openai:gpt-4o-mini', provider: 'openai', name: 'gpt-4o-mini', label: 'OpenAI · gpt-4o-mini', capabilities: [Chat] },
  { id: 'openai:gpt-4o', provider: 'openai', name: 'gpt-4o', label: 'OpenAI · gpt-4o', capabilities: [Chat] },
  { id: 'openai:gpt-image-1', provider: 'openai', name: 'gpt-image-1', label: 'OpenAI · gpt-image-1', capabilities: [Text2Pic] },
  { id: 'offline:basic', provider: 'offline', name: 'basic', label: 'Offline (no AI model)', capabilities: [Chat, Vectorize] },
];

function service(
  bindings: Array<Pick<ModelBinding, 'scope' | 'capability' | 'modelId'>> = [],
  models = MODELS,
  providers: AiProvider[] = [new OfflineProvider()],
): AiService {
  const catalogue = { usableModels: () => Promise.resolve(models) } as unknown as ModelCatalogueService;
  const repository = {
    findForCapability: (scopes: readonly string[], capability: ModelCapability) =>
      Promise.resolve(bindings.filter((b) => scopes.includes(b.scope) && b.capability === capability)),
  } as unknown as ModelBindingsRepository;
  const config = { providers: { requestTimeoutS: 5, streamIdleTimeoutS: 5, maxRetries: 2 } } as AppConfig;
  return new AiService(config, catalogue, repository, new ProviderRegistry(providers), new MetricsService());
}

async function codeOf(promise: Promise<unknown>): Promise<AiErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiProviderError);
  return (error as AiProviderError).code;
}

describe('AiService.resolve', () => {
  const bindings = [
    { scope: 'global', capability: Chat, modelId: 'openai:gpt-4o' },
    { scope: 'user-1', capability: Chat, modelId: 'offline:basic' },
  ];

  it('prefers an explicit model over every binding', async () => {
    await expect(service(bindings).resolve(Chat, { userId: 'user-1', modelId: 'openai:gpt-4o-mini' })).resolves.toMatchObject({ id: 'openai:gpt-4o-mini' });
  });

  it("uses the user's binding before the global one", async () => {
    await expect(service(bindings).resolve(Chat, { userId: 'user-1' })).resolves.toEqual({
      id: 'offline:basic',
      provider: 'offline',
      name: 'basic',
      label: 'Offline (no AI model)',
      offline: true,
    });
  });

  it('uses the global binding for users without their own, and for calls without a user', async () => {
    await expect(service(bindings).resolve(Chat, { userId: 'user-2' })).resolves.toMatchObject({ id: 'openai:gpt-4o', offline: false });
    await expect(service(bindings).resolve(Chat)).resolves.toMatchObject({ id: 'openai:gpt-4o' });
    await expect(service(bindings).resolve(Chat, { modelId: null })).resolves.toMatchObject({ id: 'openai:gpt-4o' });
  });

  it('picks automatically without bindings: the first usable model, real providers before offline', async () => {
    await expect(service().resolve(Chat)).resolves.toMatchObject({ id: 'openai:gpt-4o-mini' });
    await expect(service().resolve(Vectorize)).resolves.toMatchObject({ id: 'offline:basic', offline: true });
  });

  it('passes over a binding to a model that is no longer usable', async () => {
    const stale = [{ scope: 'user-1', capability: Chat, modelId: 'anthropic:gone' }, { scope: 'global', capability: Chat, modelId: 'openai:gpt-image-1' }];
    await expect(service(stale).resolve(Chat, { userId: 'user-1' })).resolves.toMatchObject({ id: 'openai:gpt-4o-mini' });
  });

  it('refuses an explicit model that lacks the capability or does not exist', async () => {
    expect(await codeOf(service().resolve(Text2Pic, { modelId: 'openai:gpt-4o' }))).toBe(AiErrorCode.ModelNotAvailable);
    expect(await codeOf(service().resolve(Chat, { modelId: 'openai:nope' }))).toBe(AiErrorCode.ModelNotAvailable);
  });

  it('fails with NoModel, naming the capability, when nothing can serve it', async () => {
    const error = await service().resolve(Text2Sound).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: AiErrorCode.NoModel, message: expect.stringContaining('No model is available for TEXT2SOUND') });
  });
});

describe('AiService calls', () => {
  it('reports capabilities a provider lacks as unsupported, and detects languages without a provider', async () => {
    const ai = service();
    const offline = await ai.resolve(Chat, { modelId: 'offline:basic' });
    expect(await codeOf(ai.synthesizeSpeech(offline, 'Hallo'))).toBe(AiErrorCode.Unsupported);
    expect(ai.detectLanguage('Das ist ein ganz normaler deutscher Satz über das Wetter.')).toBe('de');
  });

  it('completes by collecting the stream, with usage', async () => {
    const ai = service();
    const completion = await ai.complete(await ai.resolve(Chat, { modelId: 'offline:basic' }), { messages: [{ role: 'user', content: 'Hello there' }] });
    expect(completion.text).toContain('Offline mode');
    expect(completion.usage?.completionTokens).toBe(completion.text.split(/\s+/).filter(Boolean).length);
  });

  it('fails with PROVIDER_UNAVAILABLE for a model whose provider is not configured here', async () => {
    const ai = service();
    const model = { id: 'anthropic:x', provider: 'anthropic', name: 'x', label: 'Anthropic · x', offline: false };
    expect(await codeOf(ai.embed(model, ['a']))).toBe(AiErrorCode.Unavailable);
  });

  it('keeps partial output for streamChat callers, but retries the whole answer for complete()', async () => {
    let attempts = 0;
    const flaky: AiProvider = {
      id: 'openai',
      // eslint-disable-next-line @typescript-eslint/require-await -- a scripted stream
      async *streamChat(): AsyncIterable<ChatStreamEvent> {
        attempts++;
        if (attempts < 3) {
          yield { type: 'delta', text: 'Half an ' };
          throw new AiProviderError(AiErrorCode.Unavailable, 'connection dropped', true);
        }
        yield { type: 'delta', text: 'The whole answer.' };
      },
      embed: () => Promise.resolve([]),
    };
    const ai = service([], MODELS, [flaky]);
    const model = await ai.resolve(Chat);

    const deltas: string[] = [];
    const streamed = await (async () => {
      for await (const event of ai.streamChat(model, { messages: [{ role: 'user', content: 'x' }] })) if (event.type === 'delta') deltas.push(event.text);
    })().catch((e: unknown) => e);
    expect(deltas).toEqual(['Half an ']);
    expect(streamed).toMatchObject({ code: AiErrorCode.Unavailable });
    expect(attempts).toBe(1);

    await expect(ai.complete(model, { messages: [{ role: 'user', content: 'x' }] })).resolves.toEqual({ text: 'The whole answer.' });
    expect(attempts).toBe(3);
  });

  it("hands reasoning and the finish reason to the calling context's observer, and only the answer to the caller", async () => {
    const thinker: AiProvider = {
      id: 'openai',
      // eslint-disable-next-line @typescript-eslint/require-await -- a scripted stream
      async *streamChat(): AsyncIterable<ProviderStreamEvent> {
        yield { type: 'thinking', text: 'Weighing ' };
        yield { type: 'thinking', text: 'it.' };
        yield { type: 'delta', text: 'Cut' };
        yield { type: 'finish', reason: 'length' };
        yield { type: 'usage', usage: { promptTokens: 3, completionTokens: 1 } };
      },
      embed: () => Promise.resolve([]),
    };
    const ai = service([], MODELS, [thinker]);
    const model = await ai.resolve(Chat);
    const heard: string[] = [];
    const read = async (): Promise<ChatStreamEvent[]> => {
      const events: ChatStreamEvent[] = [];
      for await (const event of ai.streamChat(model, { messages: [{ role: 'user', content: 'x' }] })) events.push(event);
      return events;
    };

    const events = await observeGenerations({ thinking: (text) => heard.push(`thinking:${text}`), finished: (reason) => heard.push(`finished:${reason}`) }, read);

    expect(events).toEqual([
      { type: 'delta', text: 'Cut' },
      { type: 'usage', usage: { promptTokens: 3, completionTokens: 1 } },
    ]);
    expect(heard).toEqual(['thinking:Weighing ', 'thinking:it.', 'finished:length']);
    // Unobserved, the same stream still gives the caller just the answer.
    expect(await read()).toEqual(events);
    await expect(ai.complete(model, { messages: [{ role: 'user', content: 'x' }] })).resolves.toEqual({ text: 'Cut', usage: { promptTokens: 3, completionTokens: 1 } });
  });
});
