import { describe, expect, it } from 'vitest';
import { ModelCapability, type ChatMessage, type ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import type { FilesService, GeneratedFileInput } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type ResolvedInputs } from './capability';
import { DocumentGenerationCapability } from './document-generation.capability';
import type { TextGeneration } from './text-generation';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:chat', provider: 'fake', name: 'chat-1', label: 'Fake chat', offline: false };

class FakeText {
  readonly calls: Array<{ capability: ModelCapability; messages: ChatMessage[] }> = [];
  answer = '# Written Title\n\nBody written by the model.';

  generate(_run: NodeRun, capability: ModelCapability, messages: ChatMessage[]): Promise<NodeResult> {
    this.calls.push({ capability, messages });
    return Promise.resolve({ text: this.answer, model: MODEL, usage: { promptTokens: 5, completionTokens: 9 } });
  }
}

class FakeFiles {
  readonly saved: GeneratedFileInput[] = [];

  saveGenerated(input: GeneratedFileInput): Promise<FileDto> {
    this.saved.push(input);
    const id = `file-${this.saved.length}`;
    return Promise.resolve({ id, name: input.name, mime: input.mime, size: input.data.length, state: 'uploaded', url: `/api/v1/files/${id}/content` });
  }
}

function nodeRun(inputs: Partial<ResolvedInputs>, params: Record<string, unknown> = {}): NodeRun & { progress: number[] } {
  const progress: number[] = [];
  return {
    nodeId: 'n3',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'de',
    request: 'Make me a PDF about the Alps',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: '', values: {}, files: [], fromSteps: false, ...inputs },
    params,
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: (percent) => progress.push(percent),
    progress,
  };
}

function setup(): { text: FakeText; files: FakeFiles; capability: DocumentGenerationCapability } {
  const text = new FakeText();
  const files = new FakeFiles();
  return { text, files, capability: new DocumentGenerationCapability(text as unknown as TextGeneration, files as unknown as FilesService) };
}

describe('DocumentGenerationCapability', () => {
  it('is a media capability named document_generation', () => {
    expect(setup().capability).toMatchObject({ name: 'document_generation', kind: 'media' });
  });

  it('lays out the text of earlier steps as it is, without calling a model', async () => {
    const { text, files, capability } = setup();
    const run = nodeRun({ text: '\n# Summary of the Report\n\nThe numbers went up.\n', fromSteps: true }, { format: 'md' });

    const result = await capability.run(run);

    expect(text.calls).toEqual([]);
    expect(files.saved).toHaveLength(1);
    const saved = files.saved[0];
    expect(saved).toMatchObject({ userId: 'user-1', messageId: 'message-1', name: 'summary-of-the-report.md', mime: 'text/markdown', extension: 'md' });
    expect(saved.data.toString('utf8')).toBe('# Summary of the Report\n\nThe numbers went up.');
    expect(result).toEqual({ file: expect.objectContaining({ id: 'file-1', name: 'summary-of-the-report.md' }), text: undefined, model: undefined, usage: undefined });
    expect(run.progress).toEqual([80]);
  });

  it('has the model write the document first from the bare request', async () => {
    const { text, files, capability } = setup();

    const result = await capability.run(nodeRun({}, { format: 'markdown' }));

    expect(text.calls).toHaveLength(1);
    expect(text.calls[0]?.capability).toBe(ModelCapability.Chat);
    expect(text.calls[0]?.messages[0]?.content).toContain('in German, as well-structured Markdown');
    expect(text.calls[0]?.messages[1]).toEqual({ role: 'user', content: 'Make me a PDF about the Alps' });
    expect(files.saved[0]?.data.toString('utf8')).toBe('# Written Title\n\nBody written by the model.');
    expect(files.saved[0]?.name).toBe('written-title.md');
    expect(result).toMatchObject({ text: '# Written Title\n\nBody written by the model.', model: MODEL, usage: { promptTokens: 5, completionTokens: 9 } });
  });

  it('gives the model the input text of the user message, when there is one', async () => {
    const { text, capability } = setup();

    await capability.run(nodeRun({ text: '  A one-page note on glaciers  ', fromSteps: false }, { format: 'md' }));

    expect(text.calls[0]?.messages[1]).toEqual({ role: 'user', content: 'A one-page note on glaciers' });
  });

  it('makes a PDF by default', async () => {
    const { files, capability } = setup();

    await capability.run(nodeRun({ text: 'Plain body', fromSteps: true }));

    const saved = files.saved[0];
    expect(saved).toMatchObject({ name: 'document.pdf', mime: 'application/pdf', extension: 'pdf' });
    expect(saved.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it.each([
    ['docx', 'docx'],
    ['DOCX', 'docx'],
    ['.pdf', 'pdf'],
    ['word', 'docx'],
    ['doc', 'docx'],
    ['Markdown', 'md'],
    ['md', 'md'],
  ])('accepts the format %j as %s', async (asked, extension) => {
    const { files, capability } = setup();

    await capability.run(nodeRun({ text: 'Body', fromSteps: true }, { format: asked }));

    expect(files.saved[0]?.extension).toBe(extension);
    expect(files.saved[0]?.name).toBe(`document.${extension}`);
  });

  it.each([
    ['xlsx', 'table.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['Excel', 'table.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['spreadsheet', 'table.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['csv', 'table.csv', 'text/csv'],
    ['pptx', 'presentation.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['PowerPoint', 'presentation.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['slides', 'presentation.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ])('makes tables and slides as %j: %s', async (asked, name, mime) => {
    const { files, capability } = setup();

    await capability.run(nodeRun({ text: '| City | People |\n|---|---|\n| Bonn | 300,000 |', fromSteps: true }, { format: asked }));

    expect(files.saved[0]).toMatchObject({ name, mime });
  });

  it('asks the model for a Markdown table when a spreadsheet is made from the bare request, and for slides for a deck', async () => {
    const table = setup();
    await table.capability.run(nodeRun({}, { format: 'xlsx' }));
    expect(table.text.calls[0]?.messages[0]?.content).toContain('in German, as one Markdown table');

    const deck = setup();
    await deck.capability.run(nodeRun({}, { format: 'pptx' }));
    expect(deck.text.calls[0]?.messages[0]?.content).toContain('one ## heading per slide');
  });

  it('fails with UNSUPPORTED_FORMAT before any model call or file', async () => {
    const { text, files, capability } = setup();

    const error = await capability.run(nodeRun({}, { format: 'ODT' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'Documents can be made as pdf, docx, md, xlsx, csv, pptx, not odt.' });
    expect(text.calls).toEqual([]);
    expect(files.saved).toEqual([]);
  });

  it('fails with NO_INPUT when the steps produced no text, or the model wrote nothing', async () => {
    const fromSteps = setup();
    const first = await fromSteps.capability.run(nodeRun({ text: '  \n', fromSteps: true })).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CapabilityError);
    expect((first as CapabilityError).code).toBe('NO_INPUT');
    expect(fromSteps.files.saved).toEqual([]);

    const written = setup();
    written.text.answer = '   ';
    const second = await written.capability.run(nodeRun({})).catch((e: unknown) => e);
    expect((second as CapabilityError).code).toBe('NO_INPUT');
    expect(written.files.saved).toEqual([]);
  });

  it('takes the title from params, else the first H1 without markup, else Document; the file name is its slug', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ title: '  Ärger über Öl & Gas!  ', format: 'md' }, '## Not a title\n\nBody', 'arger-uber-ol-gas.md'],
      [{ title: '   ', format: 'md' }, 'Intro\n\n# **Bold** `Title` _here_\n\nBody', 'bold-title-here.md'],
      [{ format: 'md' }, '## Only a section\n\nBody', 'document.md'],
      [{ title: '!!!', format: 'md' }, 'Body', 'document.md'],
      [{ title: 'x'.repeat(80), format: 'md' }, 'Body', `${'x'.repeat(60)}.md`],
    ];
    for (const [params, content, name] of cases) {
      const { files, capability } = setup();
      await capability.run(nodeRun({ text: content, fromSteps: true }, params));
      expect(files.saved[0]?.name, JSON.stringify(params)).toBe(name);
    }
  });

  it('puts the title into the document when the text has no heading', async () => {
    const { files, capability } = setup();

    await capability.run(nodeRun({ text: 'Just a body.', fromSteps: true }, { title: 'Trip Notes', format: 'md' }));

    expect(files.saved[0]?.data.toString('utf8')).toBe('# Trip Notes\n\nJust a body.');
  });

  it('names the file after the heading, without markup, and does not repeat the heading as a title', async () => {
    const { files, capability } = setup();

    await capability.run(nodeRun({ text: 'Preface.\n\n# The **Big** `Plan` _now_', fromSteps: true }, { format: 'md' }));

    expect(files.saved[0]?.name).toBe('the-big-plan-now.md');
    expect(files.saved[0]?.data.toString('utf8')).toBe('Preface.\n\n# The **Big** `Plan` _now_');
  });
});
