import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

@Injectable()
export class ImageGenerationCapability implements TaskCapabilityHandler {
  readonly name = 'image_generation';
  readonly kind = 'media';

  constructor(
    private readonly ai: AiService,
    private readonly files: FilesService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const prompt = (typeof run.params.prompt === 'string' ? run.params.prompt : run.inputs.text).trim();
    if (!prompt) throw new CapabilityError('NO_INPUT', 'There is no description of the image to create.');
    const model = await this.ai.resolve(ModelCapability.Text2Pic, { userId: run.userId });
    run.emitProgress(10);
    const image = await this.ai.generateImage(model, prompt, run.signal);
    const file = await this.files.saveGenerated({
      userId: run.userId,
      messageId: run.messageId,
      name: `image-${run.nodeId}.${image.extension}`,
      mime: image.mime,
      extension: image.extension,
      data: image.data,
    });
    return { file, model };
  }
}
