import { describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import type { AiService } from '../../ai/ai.service';
import { ModelCapability, type MediaInput, type ResolvedModel } from '../../ai/ai.types';
import { ExtractionError } from './document-kind';
import { Transcriber } from './transcriber.service';

const WHISPER: ResolvedModel = { id: 'openai:whisper-1', provider: 'openai', name: 'whisper-1', label: 'OpenAI · whisper-1', offline: false };
const AUDIO = { data: Buffer.from('ID3 audio'), mime: 'audio/mpeg', fileName: 'memo.mp3' };

/** An AiService whose SOUND2TEXT resolution and transcription behave as told. */
function aiWith(resolve: () => Promise<ResolvedModel>, transcribe: () => Promise<string> = () => Promise.resolve('')) {
  const calls: unknown[][] = [];
  const ai = {
    resolve: (...args: unknown[]) => {
      calls.push(['resolve', ...args]);
      return resolve();
    },
    transcribe: (model: ResolvedModel, audio: MediaInput) => {
      calls.push(['transcribe', model.id, audio]);
      return transcribe();
    },
  } as unknown as AiService;
  return { ai, calls };
}

describe('Transcriber', () => {
  it("transcribes with the owner's SOUND2TEXT model", async () => {
    const { ai, calls } = aiWith(() => Promise.resolve(WHISPER), () => Promise.resolve('Meeting moved to Friday.'));

    expect(await new Transcriber(ai).transcribe('user-1', AUDIO)).toBe('Meeting moved to Friday.');
    expect(calls).toEqual([
      ['resolve', ModelCapability.Sound2Text, { userId: 'user-1' }],
      ['transcribe', 'openai:whisper-1', AUDIO],
    ]);
  });

  it.each([AiErrorCode.NoModel, AiErrorCode.Unsupported])('fails the file with TRANSCRIPTION_UNAVAILABLE on %s, telling the admin to bind SOUND2TEXT', async (code) => {
    const { ai } = aiWith(() => Promise.reject(new AiProviderError(code, 'No model is available for SOUND2TEXT.')));

    const error = await new Transcriber(ai).transcribe('user-1', AUDIO).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExtractionError);
    expect(error).toMatchObject({ code: 'TRANSCRIPTION_UNAVAILABLE', message: expect.stringContaining('bind one to SOUND2TEXT under Settings → Models') });
  });

  it('lets other provider failures through, for the job to retry', async () => {
    const timeout = new AiProviderError(AiErrorCode.Timeout, 'whisper took too long', true);
    const { ai } = aiWith(() => Promise.resolve(WHISPER), () => Promise.reject(timeout));

    await expect(new Transcriber(ai).transcribe('user-1', AUDIO)).rejects.toBe(timeout);
  });
});
