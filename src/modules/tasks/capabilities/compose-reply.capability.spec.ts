import { describe, expect, it } from 'vitest';
import { ModelCapability, type ChatMessage } from '../../ai/ai.types';
import { extractiveAnswer } from '../../ai/offline/extractive-answer';
import type { FileDto } from '../../files/dto/file.dto';
import type { NodeResult, NodeRun, ResolvedInputs } from './capability';
import { DEFAULT_ASSISTANT_PROMPT } from './chat.capability';
import { ComposeReplyCapability } from './compose-reply.capability';
import type { TextGeneration } from './text-generation';
import { NO_KNOWLEDGE } from './capability';

class FakeText {
  readonly calls: Array<{ capability: ModelCapability; messages: ChatMessage[] }> = [];

  generate(_run: NodeRun, capability: ModelCapability, messages: ChatMessage[]): Promise<NodeResult> {
    this.calls.push({ capability, messages });
    return Promise.resolve({ text: 'final answer' });
  }
}

function fileOf(name: string, mime: string): FileDto {
  return { id: name, name, mime, size: 1, state: 'uploaded', url: `/api/v1/files/${name}/content` };
}

function nodeRun(inputs: Partial<ResolvedInputs>, taskPrompt: string | null = null): NodeRun {
  return {
    nodeId: 'reply',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'de',
    request: 'Summarize and read it aloud',
    taskPrompt,
    modelId: null,
    history: [{ role: 'user', content: 'Earlier' }],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: '', values: {}, files: [], fromSteps: true, ...inputs },
    params: {},
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
  };
}

describe('ComposeReplyCapability', () => {
  it('is a text capability named compose_reply', () => {
    expect(new ComposeReplyCapability(new FakeText() as unknown as TextGeneration)).toMatchObject({ name: 'compose_reply', kind: 'text' });
  });

  it('writes the answer from the request, each step result by name and the attached files', async () => {
    const text = new FakeText();
    const run = nodeRun({ values: { summary: 'It is short.', request: 'Summarize and read it aloud' }, files: [fileOf('audio-n3.mp3', 'audio/mpeg')] });

    const result = await new ComposeReplyCapability(text as unknown as TextGeneration).run(run);

    expect(result).toEqual({ text: 'final answer' });
    expect(text.calls[0]?.capability).toBe(ModelCapability.Chat);
    const messages = text.calls[0]?.messages ?? [];
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content.startsWith(`${DEFAULT_ASSISTANT_PROMPT}\n\n`)).toBe(true);
    expect(messages[0]?.content).toContain('in German');
    expect(messages[1]).toEqual({ role: 'user', content: 'Earlier' });
    expect(messages[2]).toEqual({
      role: 'user',
      content:
        'Request: Summarize and read it aloud\n\nResults of the steps:\n### summary\nIt is short.\n\n### request\nSummarize and read it aloud\n\nAttached files:\n- audio-n3.mp3 (audio/mpeg)',
    });
  });

  it('says (none) when no step produced text, and leaves out the files section when there are none', async () => {
    const text = new FakeText();

    await new ComposeReplyCapability(text as unknown as TextGeneration).run(nodeRun({}, 'You are terse.'));

    const messages = text.calls[0]?.messages ?? [];
    expect(messages[0]?.content.startsWith('You are terse.\n\n')).toBe(true);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Request: Summarize and read it aloud\n\nResults of the steps:\n(none)' });
  });

  it('is read by the offline provider as the request, quoting the step results that answer it', async () => {
    const text = new FakeText();
    const summary = 'The article says rooftop solar panels pay for themselves within eight years in most of Germany.';
    const filler = 'Other parts of the page cover the history of photovoltaics and the weather in general terms. '.repeat(4);
    await new ComposeReplyCapability(text as unknown as TextGeneration).run(nodeRun({ values: { 'n1 (url_fetch)': filler, 'n2 (summarize)': summary } }));

    const answer = extractiveAnswer(text.calls[0]?.messages ?? []);

    expect(answer.text).toContain(`> ${summary}`);
    expect(answer.text).not.toMatch(/>\s*#+\s*request/i);
  });
});
