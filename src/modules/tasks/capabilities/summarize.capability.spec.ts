import { describe, expect, it } from 'vitest';
import { ModelCapability, type ChatMessage, type ResolvedModel } from '../../ai/ai.types';
import { extractiveAnswer } from '../../ai/offline/extractive-answer';
import { CapabilityError, type NodeResult, type NodeRun } from './capability';
import { SummarizeCapability } from './summarize.capability';
import type { TextGeneration } from './text-generation';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:sum', provider: 'fake', name: 'sum-1', label: 'Fake summarizer', offline: false };

class FakeText {
  readonly calls: Array<{ run: NodeRun; capability: ModelCapability; messages: ChatMessage[] }> = [];

  generate(run: NodeRun, capability: ModelCapability, messages: ChatMessage[]): Promise<NodeResult> {
    this.calls.push({ run, capability, messages });
    return Promise.resolve({ text: 'Short.', model: MODEL, usage: { promptTokens: 10, completionTokens: 1 } });
  }
}

function nodeRun(text: string, params: Record<string, unknown> = {}, language = 'en'): NodeRun {
  return {
    nodeId: 'n2',
    userId: 'user-1',
    messageId: 'message-1',
    language,
    request: 'Summarize the file',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text, values: { text }, files: [], fromSteps: true },
    params,
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
  };
}

function setup(): { text: FakeText; capability: SummarizeCapability } {
  const text = new FakeText();
  return { text, capability: new SummarizeCapability(text as unknown as TextGeneration) };
}

describe('SummarizeCapability', () => {
  it('is a text capability named summarize', () => {
    expect(setup().capability).toMatchObject({ name: 'summarize', kind: 'text' });
  });

  it('summarizes the trimmed input with the SUMMARIZE model, in the answer language', async () => {
    const { text, capability } = setup();
    const run = nodeRun('\n  A long text about many things.  ', {}, 'de');

    const result = await capability.run(run);

    expect(result).toEqual({ text: 'Short.', model: MODEL, usage: { promptTokens: 10, completionTokens: 1 } });
    expect(text.calls).toHaveLength(1);
    expect(text.calls[0]?.run).toBe(run);
    expect(text.calls[0]?.capability).toBe(ModelCapability.Summarize);
    const [system, user] = text.calls[0]?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('concise');
    expect(system?.content).toContain('Write the summary in German.');
    expect(user?.role).toBe('user');
    // The material, trimmed, on lines of its own after a one-line heading.
    expect(user?.content).toMatch(/^[^\n]+\nA long text about many things\.$/);
  });

  it('asks for at most maxWords words when the plan gives a number', async () => {
    const { text, capability } = setup();

    await capability.run(nodeRun('Text', { maxWords: 50 }));
    await capability.run(nodeRun('Text', { maxWords: '50' }));

    expect(text.calls[0]?.messages[0]?.content).toContain('at most 50 words');
    expect(text.calls[1]?.messages[0]?.content).not.toContain('at most');
  });

  it.each(['', '   ', '\n\t\n'])('fails with NO_INPUT on empty text %j, without calling a model', async (empty) => {
    const { text, capability } = setup();

    const error = await Promise.resolve()
      .then(() => capability.run(nodeRun(empty)))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({ code: 'NO_INPUT', message: 'There is no text to summarize.' });
    expect(text.calls).toEqual([]);
  });

  it('hands the offline reader its material, so a short pasted text gets its central sentences, never "no material"', async () => {
    const { text, capability } = setup();
    const pasted = 'Il consiglio comunale ha approvato lunedì il nuovo bilancio. La spesa per le scuole cresce del dieci per cento.';

    await capability.run(nodeRun(pasted, {}, 'it'));

    const answer = extractiveAnswer(text.calls[0]?.messages ?? []);
    expect(answer).toMatchObject({ kind: 'summary', language: 'it' });
    expect(answer.text).toContain('> Il consiglio comunale ha approvato lunedì il nuovo bilancio.');
  });
});
