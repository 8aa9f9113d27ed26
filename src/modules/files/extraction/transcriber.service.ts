import { Injectable } from '@nestjs/common';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { ExtractionError } from './document-kind';

/**
 * The transcript of an audio file, by the speech-to-text model bound to SOUND2TEXT for its owner
 * (AiService.transcribe). With none (the offline installation) the file fails with
 * TRANSCRIPTION_UNAVAILABLE; a provider that fails otherwise (time-outs, rate limits) throws,
 * for the extraction job to retry.
 */
@Injectable()
export class Transcriber {
  constructor(private readonly ai: AiService) {}

  async transcribe(userId: string, audio: { data: Buffer; mime: string; fileName: string }): Promise<string> {
    try {
      const model = await this.ai.resolve(ModelCapability.Sound2Text, { userId });
      return await this.ai.transcribe(model, audio);
    } catch (error) {
      if (error instanceof AiProviderError && (error.code === AiErrorCode.NoModel || error.code === AiErrorCode.Unsupported)) {
        throw new ExtractionError(
          'TRANSCRIPTION_UNAVAILABLE',
          'Audio is read by a speech-to-text model, and none is available here: an administrator can bind one to SOUND2TEXT under Settings → Models.',
        );
      }
      throw error;
    }
  }
}
