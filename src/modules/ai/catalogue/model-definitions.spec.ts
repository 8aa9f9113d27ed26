import { describe, expect, it } from 'vitest';
import { ModelCapability } from '../ai.types';
import { anthropicModels, ollamaModels, openAiModels, parseModelList } from './model-definitions';

const TEXT = [ModelCapability.Chat, ModelCapability.Sort, ModelCapability.Plan, ModelCapability.Summarize, ModelCapability.Mem];

describe('parseModelList (OPENAI_MODELS)', () => {
  it('reads bare names as chat models and name:CAP|CAP as the listed capabilities', () => {
    expect(parseModelList(' llama-3.1-8b , nomic-embed:VECTORIZE, flux:TEXT2PIC|PIC2TEXT ,', 'OPENAI_MODELS')).toEqual([
      ['llama-3.1-8b', TEXT],
      ['nomic-embed', [ModelCapability.Vectorize]],
      ['flux', [ModelCapability.Text2Pic, ModelCapability.Pic2Text]],
    ]);
  });

  it('keeps colons that belong to the model name', () => {
    expect(parseModelList('qwen2.5:7b-instruct,llama3.1:8b:CHAT', 'OPENAI_MODELS')).toEqual([
      ['qwen2.5:7b-instruct', TEXT],
      ['llama3.1:8b', [ModelCapability.Chat]],
    ]);
  });

  it('fails loudly, naming the variable, on an unknown capability', () => {
    expect(() => parseModelList('gpt:CHAT|TELEPATHY', 'OPENAI_MODELS')).toThrow(/OPENAI_MODELS.*TELEPATHY/);
  });
});

describe('catalogue definitions', () => {
  it('defaults to one OpenAI model per kind of work, with ids prefixed by the provider', () => {
    const models = openAiModels(undefined, false);
    for (const capability of Object.values(ModelCapability)) expect(models.some((m) => m.capabilities.includes(capability))).toBe(true);
    expect(models.every((m) => m.id === `openai:${m.name}` && m.label.startsWith('OpenAI · '))).toBe(true);
  });

  it('labels models of a custom server as OpenAI-compatible', () => {
    expect(openAiModels('my-model', true)).toEqual([
      { id: 'openai:my-model', provider: 'openai', name: 'my-model', label: 'OpenAI-compatible · my-model', capabilities: TEXT },
    ]);
  });

  it('takes ANTHROPIC_MODELS instead of the default Claude list', () => {
    expect(anthropicModels('claude-opus-4-8:CHAT|PLAN').map((m) => [m.id, m.capabilities])).toEqual([
      ['anthropic:claude-opus-4-8', [ModelCapability.Chat, ModelCapability.Plan]],
    ]);
    expect(anthropicModels(undefined).length).toBeGreaterThan(0);
  });

  it('guesses Ollama capabilities from the model name', () => {
    const [chat, embed, vision] = ollamaModels(['llama3.1:8b', 'nomic-embed-text:latest', 'llava:13b']);
    expect(chat?.capabilities).toEqual(TEXT);
    expect(embed?.capabilities).toEqual([ModelCapability.Vectorize]);
    expect(vision?.capabilities).toContain(ModelCapability.Pic2Text);
  });
});
