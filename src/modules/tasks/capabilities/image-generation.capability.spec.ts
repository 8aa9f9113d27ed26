import { describe, expect, it } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import { ModelCapability, type GeneratedMedia, type ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import type { FilesService, GeneratedFileInput } from '../../files/files.service';
import { CapabilityError, type NodeRun } from './capability';
import { ImageGenerationCapability } from './image-generation.capability';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:pic', provider: 'fake', name: 'pic-1', label: 'Fake painter', offline: false };
const IMAGE: GeneratedMedia = { data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), mime: 'image/png', extension: 'png' };

class FakeAi {
  readonly resolved: Array<{ capability: ModelCapability; options: unknown }> = [];
  readonly prompts: Array<{ model: ResolvedModel; prompt: string; signal: AbortSignal | undefined }> = [];
  failure: Error | undefined;

  resolve(capability: ModelCapability, options: unknown): Promise<ResolvedModel> {
    this.resolved.push({ capability, options });
    return Promise.resolve(MODEL);
  }

  generateImage(model: ResolvedModel, prompt: string, signal?: AbortSignal): Promise<GeneratedMedia> {
    this.prompts.push({ model, prompt, signal });
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(IMAGE);
  }
}

class FakeFiles {
  readonly saved: GeneratedFileInput[] = [];

  saveGenerated(input: GeneratedFileInput): Promise<FileDto> {
    this.saved.push(input);
    return Promise.resolve({ id: 'file-1', name: input.name, mime: input.mime, size: input.data.length, state: 'uploaded', url: '/api/v1/files/file-1/content' });
  }
}

function nodeRun(text: string, params: Record<string, unknown> = {}): NodeRun & { progress: number[] } {
  const progress: number[] = [];
  return {
    nodeId: 'n4',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'en',
    request: 'Draw a cat',
    taskPrompt: null,
    modelId: 'fake:chat',
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text, values: { text }, files: [], fromSteps: false },
    params,
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: (percent) => progress.push(percent),
    progress,
  };
}

function setup(): { ai: FakeAi; files: FakeFiles; capability: ImageGenerationCapability } {
  const ai = new FakeAi();
  const files = new FakeFiles();
  return { ai, files, capability: new ImageGenerationCapability(ai as unknown as AiService, files as unknown as FilesService) };
}

describe('ImageGenerationCapability', () => {
  it('is a media capability named image_generation', () => {
    expect(setup().capability).toMatchObject({ name: 'image_generation', kind: 'media' });
  });

  it('generates the image with the TEXT2PIC model and saves it as a file of the message', async () => {
    const { ai, files, capability } = setup();
    const run = nodeRun('  a cat on a windowsill ');

    const result = await capability.run(run);

    expect(ai.resolved).toEqual([{ capability: ModelCapability.Text2Pic, options: { userId: 'user-1' } }]);
    expect(ai.prompts).toEqual([{ model: MODEL, prompt: 'a cat on a windowsill', signal: run.signal }]);
    expect(files.saved).toEqual([{ userId: 'user-1', messageId: 'message-1', name: 'image-n4.png', mime: 'image/png', extension: 'png', data: IMAGE.data }]);
    expect(result).toEqual({ file: expect.objectContaining({ id: 'file-1', name: 'image-n4.png', mime: 'image/png' }), model: MODEL });
    expect(run.progress).toEqual([10]);
  });

  it('prefers the prompt the plan wrote in params over the input text', async () => {
    const { ai, capability } = setup();

    await capability.run(nodeRun('the whole request', { prompt: 'watercolour fox' }));

    expect(ai.prompts[0]?.prompt).toBe('watercolour fox');
  });

  it('fails with NO_INPUT when there is nothing to draw, before resolving a model', async () => {
    const { ai, files, capability } = setup();

    const error = await capability.run(nodeRun('   ', { prompt: ' ' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect((error as CapabilityError).code).toBe('NO_INPUT');
    expect(ai.resolved).toEqual([]);
    expect(files.saved).toEqual([]);
  });

  it('saves nothing when the provider fails', async () => {
    const { ai, files, capability } = setup();
    ai.failure = new AiProviderError(AiErrorCode.Unsupported, 'no images here');

    await expect(capability.run(nodeRun('a cat'))).rejects.toMatchObject({ code: AiErrorCode.Unsupported });
    expect(files.saved).toEqual([]);
  });
});
