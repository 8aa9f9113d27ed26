import { describe, expect, it } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import { ModelCapability, type GeneratedMedia, type ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import type { FilesService, GeneratedFileInput } from '../../files/files.service';
import { CapabilityError, type NodeRun } from './capability';
import { Text2SoundCapability } from './text2sound.capability';
import { NO_KNOWLEDGE } from './capability';

const MODEL: ResolvedModel = { id: 'fake:tts', provider: 'fake', name: 'tts-1', label: 'Fake voice', offline: false };
const AUDIO: GeneratedMedia = { data: Buffer.from('ID3audio'), mime: 'audio/mpeg', extension: 'mp3' };

class FakeAi {
  readonly resolved: Array<{ capability: ModelCapability; options: unknown }> = [];
  readonly spoken: Array<{ model: ResolvedModel; text: string; options: unknown }> = [];
  failure: Error | undefined;

  resolve(capability: ModelCapability, options: unknown): Promise<ResolvedModel> {
    this.resolved.push({ capability, options });
    return Promise.resolve(MODEL);
  }

  synthesizeSpeech(model: ResolvedModel, text: string, options: unknown): Promise<GeneratedMedia> {
    this.spoken.push({ model, text, options });
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(AUDIO);
  }
}

class FakeFiles {
  readonly saved: GeneratedFileInput[] = [];

  saveGenerated(input: GeneratedFileInput): Promise<FileDto> {
    this.saved.push(input);
    return Promise.resolve({ id: 'file-9', name: input.name, mime: input.mime, size: input.data.length, state: 'uploaded', url: '/api/v1/files/file-9/content' });
  }
}

function nodeRun(text: string): NodeRun & { progress: number[] } {
  const progress: number[] = [];
  return {
    nodeId: 'n5',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'de',
    request: 'Read it aloud',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text, values: { text }, files: [], fromSteps: true },
    params: {},
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: (percent) => progress.push(percent),
    progress,
  };
}

function setup(): { ai: FakeAi; files: FakeFiles; capability: Text2SoundCapability } {
  const ai = new FakeAi();
  const files = new FakeFiles();
  return { ai, files, capability: new Text2SoundCapability(ai as unknown as AiService, files as unknown as FilesService) };
}

describe('Text2SoundCapability', () => {
  it('is a media capability named text2sound', () => {
    expect(setup().capability).toMatchObject({ name: 'text2sound', kind: 'media' });
  });

  it('reads the input aloud with the TEXT2SOUND model, in the answer language, and saves the audio', async () => {
    const { ai, files, capability } = setup();
    const run = nodeRun('\n Guten Morgen. ');

    const result = await capability.run(run);

    expect(ai.resolved).toEqual([{ capability: ModelCapability.Text2Sound, options: { userId: 'user-1' } }]);
    expect(ai.spoken).toEqual([{ model: MODEL, text: 'Guten Morgen.', options: { language: 'de', signal: run.signal } }]);
    expect(files.saved).toEqual([{ userId: 'user-1', messageId: 'message-1', name: 'audio-n5.mp3', mime: 'audio/mpeg', extension: 'mp3', data: AUDIO.data }]);
    expect(result).toEqual({ file: expect.objectContaining({ id: 'file-9', name: 'audio-n5.mp3' }), model: MODEL });
    expect(run.progress).toEqual([10]);
  });

  it('fails with NO_INPUT when there is no text, before resolving a model', async () => {
    const { ai, capability } = setup();

    const error = await capability.run(nodeRun(' \n')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({ code: 'NO_INPUT', message: 'There is no text to read aloud.' });
    expect(ai.resolved).toEqual([]);
  });

  it('saves nothing when the provider fails', async () => {
    const { ai, files, capability } = setup();
    ai.failure = new AiProviderError(AiErrorCode.Timeout, 'too slow', true);

    await expect(capability.run(nodeRun('Hallo'))).rejects.toBe(ai.failure);
    expect(files.saved).toEqual([]);
  });
});
