import { describe, expect, it } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import { ModelCapability, type ChatMessage, type ResolvedModel } from '../../ai/ai.types';
import { CapabilityError, type NodeResult, type NodeRun, type ResolvedInputs } from './capability';
import type { TextGeneration } from './text-generation';
import { TranslateCapability } from './translate.capability';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:chat', provider: 'fake', name: 'chat-1', label: 'Fake chat', offline: false };

/** Records each model call; answers with a fixed result. */
class FakeText {
  readonly calls: Array<{ capability: ModelCapability; messages: ChatMessage[] }> = [];

  generate(_run: NodeRun, capability: ModelCapability, messages: ChatMessage[]): Promise<NodeResult> {
    this.calls.push({ capability, messages });
    return Promise.resolve({ text: 'Hallo Welt', model: MODEL });
  }
}

function nodeRun(inputs: Partial<ResolvedInputs>, params: Record<string, unknown> = {}): NodeRun {
  return {
    nodeId: 'n2',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'en',
    request: 'Translate this into German',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: '', values: {}, files: [], fromSteps: true, ...inputs },
    params,
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
  };
}

const OFFLINE: ResolvedModel = { id: 'offline:chat', provider: 'offline', name: 'offline', label: 'Offline', offline: true };

function setup(model: ResolvedModel = MODEL): { text: FakeText; capability: TranslateCapability } {
  const text = new FakeText();
  return { text, capability: new TranslateCapability(text as unknown as TextGeneration, { resolve: () => Promise.resolve(model) } as unknown as AiService) };
}

function systemPrompt(text: FakeText): string {
  return text.calls[0]?.messages[0]?.content ?? '';
}

describe('TranslateCapability', () => {
  it('is a text capability named translate', () => {
    expect(setup().capability).toMatchObject({ name: 'translate', kind: 'text' });
  });

  it('translates the input text into the target language with the chat model', async () => {
    const { text, capability } = setup();

    const result = await capability.run(nodeRun({ text: '  Hello world \n' }, { targetLanguage: 'de' }));

    expect(result).toEqual({ text: 'Hallo Welt', model: MODEL });
    expect(text.calls).toHaveLength(1);
    expect(text.calls[0]?.capability).toBe(ModelCapability.Chat);
    expect(systemPrompt(text)).toContain('into German.');
    const user = text.calls[0]?.messages.slice(1) ?? [];
    expect(user).toHaveLength(1);
    expect(user[0]?.role).toBe('user');
    // The material, trimmed, on lines of its own after a one-line heading.
    expect(user[0]?.content).toMatch(/^[^\n]+\nHello world$/);
  });

  it.each([
    ['params.targetLanguage', { targetLanguage: 'fr' }, {}, 'French'],
    ['params.to', { to: 'es' }, {}, 'Spanish'],
    ['params.language', { language: 'it' }, {}, 'Italian'],
    ['a literal targetLanguage input', {}, { targetLanguage: 'nl' }, 'Dutch'],
    ['a full language name, as given', { targetLanguage: ' Brazilian Portuguese ' }, {}, 'Brazilian Portuguese'],
    ['an upper-case code', { to: 'DE' }, {}, 'German'],
  ])('takes the target from %s', async (_, params, values, expected) => {
    const { text, capability } = setup();

    await capability.run(nodeRun({ text: 'Hello', values }, params));

    expect(systemPrompt(text)).toContain(`into ${expected}.`);
  });

  it('prefers targetLanguage, then to, then language, then the literal input, skipping blanks', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, string>, string]> = [
      [{ targetLanguage: 'fr', to: 'es', language: 'it' }, { targetLanguage: 'nl' }, 'French'],
      [{ targetLanguage: '  ', to: 'es', language: 'it' }, { targetLanguage: 'nl' }, 'Spanish'],
      [{ targetLanguage: 42, to: '', language: 'it' }, { targetLanguage: 'nl' }, 'Italian'],
      [{ language: null }, { targetLanguage: 'nl' }, 'Dutch'],
    ];
    for (const [params, values, expected] of cases) {
      const { text, capability } = setup();
      await capability.run(nodeRun({ text: 'Hello', values }, params));
      expect(systemPrompt(text), JSON.stringify(params)).toContain(`into ${expected}.`);
    }
  });

  it('fails with NO_TARGET_LANGUAGE when no target is given, without calling a model', async () => {
    const { text, capability } = setup();

    const error = await Promise.resolve()
      .then(() => capability.run(nodeRun({ text: 'Hello', values: { text: 'Hello' } }, { targetLanguage: ' ', format: 'de' })))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({ code: 'NO_TARGET_LANGUAGE', message: 'The plan did not say which language to translate into.' });
    expect(text.calls).toEqual([]);
  });

  it('translates the input named text when there is one, else all the text inputs', async () => {
    const named = setup();
    await named.capability.run(nodeRun({ text: 'Context\n\nThe part', values: { context: 'Context', text: 'The part' } }, { to: 'de' }));
    expect(named.text.calls[0]?.messages[1]?.content).toMatch(/^[^\n]+\nThe part$/);

    const joined = setup();
    await joined.capability.run(nodeRun({ text: 'First\n\nSecond', values: { a: 'First', b: 'Second' } }, { to: 'de' }));
    expect(joined.text.calls[0]?.messages[1]?.content).toMatch(/^[^\n]+\nFirst\n\nSecond$/);
  });

  it('fails with NO_INPUT when there is nothing to translate', async () => {
    const { text, capability } = setup();

    const error = await Promise.resolve()
      .then(() => capability.run(nodeRun({ text: ' \n ', values: {} }, { to: 'de' })))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect((error as CapabilityError).code).toBe('NO_INPUT');
    expect(text.calls).toEqual([]);
  });

  it('offline, says in the user’s language that translating needs a model instead of quoting the text as its translation', async () => {
    const { text, capability } = setup(OFFLINE);
    const emitted: string[] = [];

    const result = await capability.run({ ...nodeRun({ text: 'Hello world' }, { to: 'de' }), language: 'de', emitText: (chunk) => emitted.push(chunk) });

    expect(text.calls).toEqual([]);
    expect(result.model).toBe(OFFLINE);
    expect(result.text).toMatch(/^\*Offline-Modus:\* Zum Übersetzen braucht es ein KI-Modell/);
    expect(result.text).not.toContain('Hello world');
    expect(emitted.join('')).toBe(result.text);
  });
});
