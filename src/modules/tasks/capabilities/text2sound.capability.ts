import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** Reads the input text aloud into an audio file. */
@Injectable()
export class Text2SoundCapability implements TaskCapabilityHandler {
  readonly name = 'text2sound';
  readonly kind = 'media';

  constructor(
    private readonly ai: AiService,
    private readonly files: FilesService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const text = run.inputs.text.trim();
    if (!text) throw new CapabilityError('NO_INPUT', 'There is no text to read aloud.');
    const model = await this.ai.resolve(ModelCapability.Text2Sound, { userId: run.userId });
    run.emitProgress(10);
    const audio = await this.ai.synthesizeSpeech(model, text, { language: run.language, signal: run.signal });
    const file = await this.files.saveGenerated({
      userId: run.userId,
      messageId: run.messageId,
      name: `audio-${run.nodeId}.${audio.extension}`,
      mime: audio.mime,
      extension: audio.extension,
      data: audio.data,
    });
    return { file, model };
  }
}
