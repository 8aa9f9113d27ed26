import { describe, expect, it } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import { ModelCapability, type ChatMessage, type ResolvedModel } from '../../ai/ai.types';
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

const MODEL: ResolvedModel = { id: 'fake:chat', provider: 'fake', name: 'chat-1', label: 'Fake chat', offline: false };
const OFFLINE: ResolvedModel = { id: 'offline:chat', provider: 'offline', name: 'offline', label: 'Offline', offline: true };

/** Resolves the chat model: a real one unless a spec switches to the offline provider. */
function aiWith(model: ResolvedModel): AiService {
  return { resolve: () => Promise.resolve(model) } as unknown as AiService;
}

function compose(text: FakeText, model: ResolvedModel = MODEL): ComposeReplyCapability {
  return new ComposeReplyCapability(text as unknown as TextGeneration, aiWith(model));
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
    expect(compose(new FakeText())).toMatchObject({ name: 'compose_reply', kind: 'text' });
  });

  it('writes the answer from the request, each step result by name and the attached files', async () => {
    const text = new FakeText();
    const run = nodeRun({ values: { summary: 'It is short.', request: 'Summarize and read it aloud' }, files: [fileOf('audio-n3.mp3', 'audio/mpeg')] });

    const result = await compose(text).run(run);

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

    await compose(text).run(nodeRun({}, 'You are terse.'));

    const messages = text.calls[0]?.messages ?? [];
    expect(messages[0]?.content.startsWith('You are terse.\n\n')).toBe(true);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Request: Summarize and read it aloud\n\nResults of the steps:\n(none)' });
  });

  it('offline, answers with the step results as they came and the files by name, never with its own labels', async () => {
    const text = new FakeText();
    const emitted: string[] = [];
    const summary = '*Offline mode, no AI model in use: the central sentences of the text, quoted as written.*\n\n> Solar panels pay for themselves within eight years.';
    const run = { ...nodeRun({ values: { request: 'Summarize and read it aloud', 'n2 (summarize)': summary, empty: '  ' }, files: [fileOf('notes.xlsx', 'application/zip'), fileOf('call.ics', 'text/calendar')] }), emitText: (chunk: string) => emitted.push(chunk) };

    const result = await compose(text, OFFLINE).run(run);

    expect(text.calls).toEqual([]);
    expect(result).toEqual({ text: `${summary}\n\nAngehängt: notes.xlsx, call.ics`, model: OFFLINE });
    expect(emitted.join('')).toBe(result.text);
    expect(result.text).not.toMatch(/#+\s*request|Results of the steps|Request:/i);
  });

  it('offline, says it has no material rather than an empty answer when no step left anything', async () => {
    const result = await compose(new FakeText(), OFFLINE).run({ ...nodeRun({ values: { request: 'Summarize and read it aloud' } }), language: 'fr' });

    expect(result.text).toMatch(/^\*Mode hors ligne :\*/);
  });
});
