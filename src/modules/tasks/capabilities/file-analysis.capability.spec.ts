import { describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import type { AiService } from '../../ai/ai.service';
import { ModelCapability, type MediaInput, type ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import type { ExtractedDocument } from '../../files/extraction/document-kind';
import type { FileState } from '../../files/file.entity';
import type { FileTextService } from '../../files/file-text.service';
import type { FilesService } from '../../files/files.service';
import { CapabilityError } from './capability';
import { FileAnalysisCapability } from './file-analysis.capability';
import { recordedNodeRun, type RecordedNodeRun } from './testing/node-run';

const VISION: ResolvedModel = { id: 'openai:gpt-4o-mini', provider: 'openai', name: 'gpt-4o-mini', label: 'OpenAI · gpt-4o-mini', offline: false };

/** An AiService with a vision model (answering `answer`) or without one (resolve fails with `missing`). */
class FakeAi {
  readonly described: Array<{ model: string; image: MediaInput; prompt: string }> = [];
  readonly resolved: unknown[][] = [];

  constructor(private readonly vision: { answer: string } | { missing: AiErrorCode } | { fails: Error }) {}

  resolve(...args: unknown[]): Promise<ResolvedModel> {
    this.resolved.push(args);
    return 'missing' in this.vision ? Promise.reject(new AiProviderError(this.vision.missing, 'No model is available for PIC2TEXT.')) : Promise.resolve(VISION);
  }

  describeImage(model: ResolvedModel, image: MediaInput, prompt: string): Promise<string> {
    this.described.push({ model: model.id, image, prompt });
    if ('fails' in this.vision) return Promise.reject(this.vision.fails);
    return Promise.resolve('answer' in this.vision ? this.vision.answer : '');
  }
}

/** Files with contents, current states and extracted texts. */
class FakeFiles {
  readonly reads: string[] = [];

  constructor(
    private readonly states: Record<string, { state: FileState; error?: string }> = {},
    private readonly texts: Record<string, ExtractedDocument> = {},
  ) {}

  readonly service = {
    readContent: (_userId: string, id: string) => {
      this.reads.push(id);
      return Promise.resolve(Buffer.from(`bytes of ${id}`));
    },
    get: (_userId: string, id: string) => Promise.resolve({ ...fileOf(id, `${id}.png`, 'image/png'), ...this.states[id] }),
  } as unknown as FilesService;

  readonly textService = {
    textOf: (_userId: string, id: string) => Promise.resolve(this.texts[id] ?? null),
  } as unknown as FileTextService;
}

function capabilityOver(ai: FakeAi, files = new FakeFiles()): FileAnalysisCapability {
  return new FileAnalysisCapability(ai as unknown as AiService, files.service, files.textService);
}

function fileOf(id: string, name: string, mime: string): FileDto {
  return { id, name, mime, size: 1, state: 'extracted', url: `/api/v1/files/${id}/content` };
}

function nodeRun(files: FileDto[], question = 'Describe this as audio', language = 'de'): RecordedNodeRun {
  return recordedNodeRun({ language, request: question, inputs: { text: question, values: { question }, files, fromSteps: false } });
}

const text = (value: string): ExtractedDocument => ({ sections: [{ text: value }] });

async function failure(promise: Promise<unknown>): Promise<CapabilityError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CapabilityError);
  return error as CapabilityError;
}

describe('FileAnalysisCapability', () => {
  it('is a text capability named file_analysis', () => {
    expect(capabilityOver(new FakeAi({ answer: '' }))).toMatchObject({ name: 'file_analysis', kind: 'text' });
  });

  it('shows an image to the PIC2TEXT model with the request, in the user\'s language, and returns its answer', async () => {
    const ai = new FakeAi({ answer: '  Ein rotes Fahrrad lehnt an einer Mauer.  ' });
    const files = new FakeFiles();
    const run = nodeRun([fileOf('img', 'bike.jpg', 'image/jpeg')]);

    const result = await capabilityOver(ai, files).run(run);

    expect(result).toEqual({ text: 'Ein rotes Fahrrad lehnt an einer Mauer.', model: VISION });
    expect(ai.resolved).toEqual([[ModelCapability.Pic2Text, { userId: 'user-1' }]]);
    expect(ai.described).toHaveLength(1);
    expect(ai.described[0]?.image).toEqual({ data: Buffer.from('bytes of img'), mime: 'image/jpeg', fileName: 'bike.jpg' });
    expect(ai.described[0]?.prompt).toContain('"Describe this as audio"');
    expect(ai.described[0]?.prompt).toContain('in German');
    expect(run.emitted).toEqual(['Ein rotes Fahrrad lehnt an einer Mauer.']);
    expect(run.progress).toEqual([100]);
  });

  it.each([AiErrorCode.NoModel, AiErrorCode.Unsupported, AiErrorCode.ModelNotAvailable])(
    'falls back to the OCR text of the image, saying so, when there is no vision model (%s)',
    async (missing) => {
      const files = new FakeFiles({}, { img: text('OPENING HOURS\nMon–Fri 9–17') });

      const result = await capabilityOver(new FakeAi({ missing }), files).run(nodeRun([fileOf('img', 'sign.png', 'image/png')]));

      expect(result).toEqual({
        text: 'No vision model is configured, so the image itself could not be looked at; the text found in the image reads:\n\nOPENING HOURS\nMon–Fri 9–17',
      });
      expect(files.reads).toEqual([]);
    },
  );

  it('says so when no vision model is configured and the image holds no text', async () => {
    const files = new FakeFiles({}, { img: { sections: [] } });

    const result = await capabilityOver(new FakeAi({ missing: AiErrorCode.NoModel }), files).run(nodeRun([fileOf('img', 'sunset.jpg', 'image/jpeg')]));

    expect(result.text).toBe('No vision model is configured, so the image itself could not be looked at, and no text was found in it.');
  });

  it('answers a document with its extracted text, without asking a vision model', async () => {
    const ai = new FakeAi({ answer: 'never' });
    const files = new FakeFiles({}, { doc: { pages: 2, sections: [{ page: 1, text: 'Page one.' }, { page: 2, text: 'Page two.' }] } });

    const result = await capabilityOver(ai, files).run(nodeRun([fileOf('doc', 'report.pdf', 'application/pdf')]));

    expect(result).toEqual({ text: 'Page one.\n\nPage two.' });
    expect(ai.resolved).toEqual([]);
  });

  it('heads each file with its name when there are several', async () => {
    const files = new FakeFiles({}, { doc: text('Minutes.') });
    const run = nodeRun([fileOf('img', 'photo.png', 'image/png'), fileOf('doc', 'minutes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')]);

    const result = await capabilityOver(new FakeAi({ answer: 'A photo of a harbour.' }), files).run(run);

    expect(result.text).toBe('## photo.png\n\nA photo of a harbour.\n\n## minutes.docx\n\nMinutes.');
    expect(run.progress).toEqual([50, 100]);
  });

  it('fails with NO_INPUT when no file is attached', async () => {
    expect((await failure(capabilityOver(new FakeAi({ answer: '' })).run(nodeRun([])))).code).toBe('NO_INPUT');
  });

  it('fails with FILE_NOT_READY while a file is still being read, and FILE_UNREADABLE with its error when reading failed', async () => {
    const files = new FakeFiles({ busy: { state: 'extracting' }, broken: { state: 'failed', error: 'CORRUPT: The image cannot be read: tesseract failed.' } });
    const offline = capabilityOver(new FakeAi({ missing: AiErrorCode.NoModel }), files);

    expect(await failure(offline.run(nodeRun([fileOf('busy', 'scan.png', 'image/png')])))).toMatchObject({
      code: 'FILE_NOT_READY',
      message: 'scan.png has not been read yet (extracting); try again in a moment.',
    });
    expect(await failure(offline.run(nodeRun([fileOf('broken', 'scan.png', 'image/png')])))).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: 'scan.png could not be read: CORRUPT: The image cannot be read: tesseract failed.',
    });
  });

  it('lets other provider failures through (the step fails with their code)', async () => {
    const timeout = new AiProviderError(AiErrorCode.Timeout, 'The vision model took too long.', true);

    await expect(capabilityOver(new FakeAi({ fails: timeout })).run(nodeRun([fileOf('img', 'a.png', 'image/png')]))).rejects.toBe(timeout);
  });
});
