import { describe, expect, it } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import { ModelCapability, type ChatMessage, type ChatRequest, type ChatStreamEvent, type ResolvedModel } from '../../ai/ai.types';
import type { NodeRun } from './capability';
import { conversation, languageName, TextGeneration } from './text-generation';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:chat', provider: 'fake', name: 'chat-1', label: 'Fake chat', offline: false };

/** An AiService that streams a scripted answer and records what it was asked. */
class FakeAi {
  readonly resolved: Array<{ capability: ModelCapability; options: unknown }> = [];
  readonly requests: ChatRequest[] = [];
  events: ChatStreamEvent[] = [];
  failAfter: number | undefined;

  resolve(capability: ModelCapability, options: unknown): Promise<ResolvedModel> {
    this.resolved.push({ capability, options });
    return Promise.resolve(MODEL);
  }

  async *streamChat(model: ResolvedModel, request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    expect(model).toBe(MODEL);
    this.requests.push(request);
    for (const [index, event] of this.events.entries()) {
      if (index === this.failAfter) throw new AiProviderError(AiErrorCode.Unavailable, 'provider went away');
      await Promise.resolve();
      yield event;
    }
  }
}

function nodeRun(overrides: Partial<NodeRun> = {}): NodeRun & { emitted: string[] } {
  const emitted: string[] = [];
  return {
    nodeId: 'n1',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'en',
    request: 'the request',
    taskPrompt: null,
    modelId: 'fake:chat',
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: '', values: {}, files: [], fromSteps: false },
    params: {},
    signal: new AbortController().signal,
    emitText: (chunk) => emitted.push(chunk),
    emitProgress: () => undefined,
    ...overrides,
    emitted,
  };
}

describe('TextGeneration', () => {
  it('resolves the model for the capability and the user pick, streams every delta out and returns the whole', async () => {
    const ai = new FakeAi();
    ai.events = [
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'usage', usage: { promptTokens: 7, completionTokens: 2 } },
    ];
    const run = nodeRun();
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];

    const result = await new TextGeneration(ai as unknown as AiService).generate(run, ModelCapability.Summarize, messages, 256);

    expect(ai.resolved).toEqual([{ capability: ModelCapability.Summarize, options: { userId: 'user-1', modelId: 'fake:chat' } }]);
    expect(ai.requests).toEqual([{ messages, maxTokens: 256, signal: run.signal }]);
    expect(run.emitted).toEqual(['Hel', 'lo']);
    expect(result).toEqual({ text: 'Hello', model: MODEL, usage: { promptTokens: 7, completionTokens: 2 } });
  });

  it('returns no usage when the provider reports none', async () => {
    const ai = new FakeAi();
    ai.events = [{ type: 'delta', text: 'ok' }];

    const result = await new TextGeneration(ai as unknown as AiService).generate(nodeRun(), ModelCapability.Chat, []);

    expect(result).toEqual({ text: 'ok', model: MODEL, usage: undefined });
  });

  it('lets a provider failure through after the deltas already streamed', async () => {
    const ai = new FakeAi();
    ai.events = [
      { type: 'delta', text: 'partial' },
      { type: 'delta', text: ' never' },
    ];
    ai.failAfter = 1;
    const run = nodeRun();

    await expect(new TextGeneration(ai as unknown as AiService).generate(run, ModelCapability.Chat, [])).rejects.toMatchObject({ code: AiErrorCode.Unavailable });
    expect(run.emitted).toEqual(['partial']);
  });
});

describe('languageName', () => {
  it('names ISO 639-1 codes in English', () => {
    expect(languageName('de')).toBe('German');
    expect(languageName('fr')).toBe('French');
    expect(languageName('en')).toBe('English');
  });

  it('returns what it cannot name as it is', () => {
    expect(languageName('not a code!')).toBe('not a code!');
    expect(languageName('Brazilian Portuguese')).toBe('Brazilian Portuguese');
  });
});

describe('conversation', () => {
  const history: ChatMessage[] = [
    { role: 'user', content: 'Earlier question' },
    { role: 'assistant', content: 'Earlier answer' },
  ];

  it('puts the summary of older turns before the recent ones', () => {
    expect(conversation(nodeRun({ history, summary: 'They talked about cats.' }))).toEqual([
      { role: 'system', content: 'Summary of the earlier conversation:\nThey talked about cats.' },
      ...history,
    ]);
  });

  it('is only the recent turns without a summary', () => {
    expect(conversation(nodeRun({ history, summary: null }))).toEqual(history);
    expect(conversation(nodeRun({ history: [], summary: '' }))).toEqual([]);
  });
});
