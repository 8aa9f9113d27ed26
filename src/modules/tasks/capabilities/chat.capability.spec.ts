import { describe, expect, it } from 'vitest';
import { ModelCapability, type ChatMessage } from '../../ai/ai.types';
import { extractiveAnswer } from '../../ai/offline/extractive-answer';
import { NO_KNOWLEDGE, type NodeResult, type NodeRun, type ResolvedInputs } from './capability';
import { ChatCapability, DEFAULT_ASSISTANT_PROMPT } from './chat.capability';
import type { TextGeneration } from './text-generation';

class FakeText {
  readonly calls: Array<{ capability: ModelCapability; messages: ChatMessage[] }> = [];

  generate(_run: NodeRun, capability: ModelCapability, messages: ChatMessage[]): Promise<NodeResult> {
    this.calls.push({ capability, messages });
    return Promise.resolve({ text: 'answer' });
  }
}

function nodeRun(overrides: Partial<NodeRun> = {}, inputs: Partial<ResolvedInputs> = {}): NodeRun {
  return {
    nodeId: 'reply',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'fr',
    request: 'What is the capital of France?',
    taskPrompt: null,
    modelId: null,
    history: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ],
    summary: 'Greetings were exchanged.',
    knowledge: NO_KNOWLEDGE,
    inputs: { text: '', values: {}, files: [], fromSteps: false, ...inputs },
    params: {},
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
    ...overrides,
  };
}

describe('ChatCapability', () => {
  it('answers with the default prompt, the conversation and the request', async () => {
    const text = new FakeText();

    const result = await new ChatCapability(text as unknown as TextGeneration).run(nodeRun());

    expect(result).toEqual({ text: 'answer' });
    expect(text.calls[0]?.capability).toBe(ModelCapability.Chat);
    expect(text.calls[0]?.messages).toEqual([
      { role: 'system', content: `${DEFAULT_ASSISTANT_PROMPT}\n\nReply in French.` },
      { role: 'system', content: 'Summary of the earlier conversation:\nGreetings were exchanged.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
  });

  it('uses the routed task prompt and the node input text when there are some', async () => {
    const text = new FakeText();

    await new ChatCapability(text as unknown as TextGeneration).run(nodeRun({ taskPrompt: 'You are a travel agent.', summary: null, history: [] }, { text: 'Plan a trip to Lyon' }));

    expect(text.calls[0]?.messages).toEqual([
      { role: 'system', content: 'You are a travel agent.\n\nReply in French.' },
      { role: 'user', content: 'Plan a trip to Lyon' },
    ]);
  });

  it('answers the request from the results of earlier steps, given as context', async () => {
    const text = new FakeText();
    const results = '[1] Berlin weather: sunny, 21 °C tomorrow <https://weather.example/berlin>';

    await new ChatCapability(text as unknown as TextGeneration).run(nodeRun({ summary: null, history: [], request: 'Weather in Berlin tomorrow?' }, { text: results, fromSteps: true }));

    const [system, question] = text.calls[0]?.messages ?? [];
    expect(system?.content).toContain(`<context>\n${results}\n</context>`);
    expect(question).toEqual({ role: 'user', content: 'Weather in Berlin tomorrow?' });
    expect(extractiveAnswer(text.calls[0]?.messages ?? []).text).toContain('> Berlin weather: sunny, 21 °C tomorrow <https://weather.example/berlin> [1]');
  });
});
