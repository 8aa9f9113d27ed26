import { Injectable } from '@nestjs/common';
import { trimTrailing } from '../../../common/trim-trailing';
import { AiErrorCode, AiProviderError } from '../../ai/ai-provider.error';
import { AiService } from '../../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import { FileTextService } from '../../files/file-text.service';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { languageName } from './text-generation';

/** Provider answers that mean "no vision here", after which the image's OCR text stands in. */
const NO_VISION: ReadonlySet<AiErrorCode> = new Set([AiErrorCode.NoModel, AiErrorCode.Unsupported, AiErrorCode.ModelNotAvailable]);

/**
 * Looks at the attached files for the request (`question`, else the message): an image is shown
 * to the vision model bound to PIC2TEXT, which answers about it (describes it, reads it …); with
 * none (the offline installation) the text OCR found in the image stands in, and the answer says
 * so. A document answers with its extracted text. What it finds feeds the next steps: read aloud
 * (text2sound), translated, or answered from by compose_reply.
 */
@Injectable()
export class FileAnalysisCapability implements TaskCapabilityHandler {
  readonly name = 'file_analysis';
  readonly kind = 'text';

  constructor(
    private readonly ai: AiService,
    private readonly files: FilesService,
    private readonly texts: FileTextService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    if (run.inputs.files.length === 0) throw new CapabilityError('NO_INPUT', 'No file was attached to look at.');
    const question = (run.inputs.values.question ?? run.request).trim() || 'Describe this.';
    const parts: string[] = [];
    let vision: ResolvedModel | undefined;
    for (const [i, file] of run.inputs.files.entries()) {
      const analysed = file.mime.startsWith('image/') ? await this.lookAt(run, file, question) : { text: (await this.extractedText(run, file)) || `No text was found in ${file.name}.` };
      vision ??= analysed.model;
      parts.push(run.inputs.files.length > 1 ? `## ${file.name}\n\n${analysed.text}` : analysed.text);
      run.emitProgress(Math.round(((i + 1) / run.inputs.files.length) * 100));
    }
    const text = parts.join('\n\n');
    run.emitText(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
    return vision ? { text, model: vision } : { text };
  }

  /** The vision model's answer about an image, or its OCR text when no vision model can look at it. */
  private async lookAt(run: NodeRun, file: FileDto, question: string): Promise<{ text: string; model?: ResolvedModel }> {
    try {
      const model = await this.ai.resolve(ModelCapability.Pic2Text, { userId: run.userId });
      const image = { data: await this.files.readContent(run.userId, file.id), mime: file.mime, fileName: file.name };
      const prompt =
        `The user asks about this image: "${question}"\n` +
        `Do what they ask of the image itself: describe it, read out the text in it, or answer their question about it. ` +
        `Write plain prose (no Markdown), in ${languageName(run.language)}: the answer may be read aloud or translated next.`;
      return { text: (await this.ai.describeImage(model, image, prompt, run.signal)).trim(), model };
    } catch (error) {
      if (!(error instanceof AiProviderError && NO_VISION.has(error.code))) throw error;
    }
    const found = await this.extractedText(run, file);
    return {
      text: found
        ? `No vision model is configured, so the image itself could not be looked at; the text found in the image reads:\n\n${found}`
        : 'No vision model is configured, so the image itself could not be looked at, and no text was found in it.',
    };
  }

  /** The text extracted on upload (OCR for images); FILE_NOT_READY while it is still being read, FILE_UNREADABLE when reading failed. */
  private async extractedText(run: NodeRun, file: FileDto): Promise<string> {
    const extracted = await this.texts.textOf(run.userId, file.id);
    if (extracted) return extracted.sections.map((section) => section.text).join('\n\n');
    const now = await this.files.get(run.userId, file.id);
    if (now.state === 'failed') throw new CapabilityError('FILE_UNREADABLE', `${file.name} could not be read: ${trimTrailing(now.error ?? 'its extraction failed', '.')}.`);
    if (now.state === 'extracted' || now.state === 'vectorizing' || now.state === 'vectorized') return '';
    throw new CapabilityError('FILE_NOT_READY', `${file.name} has not been read yet (${now.state}); try again in a moment.`);
  }
}
