import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import { FilesService } from '../../files/files.service';
import { DOCUMENT_FORMATS, renderDocument, type DocumentFormat } from '../documents/document-renderer';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { slug } from './file-names';
import { languageName, TextGeneration } from './text-generation';

const FORMAT_ALIASES: Record<string, DocumentFormat> = { markdown: 'md', word: 'docx', doc: 'docx' };

function formatOf(run: NodeRun): DocumentFormat {
  const asked = typeof run.params.format === 'string' ? run.params.format.toLowerCase().replace(/^\./, '') : 'pdf';
  const format = FORMAT_ALIASES[asked] ?? asked;
  if (!(DOCUMENT_FORMATS as readonly string[]).includes(format)) {
    throw new CapabilityError('UNSUPPORTED_FORMAT', `Documents can be made as ${DOCUMENT_FORMATS.join(', ')}, not ${asked}.`);
  }
  return format;
}

/**
 * Produces a real downloadable document. When the plan feeds it another step's output, that
 * text is laid out as is; from the bare request, the document's text is written by the model first.
 */
@Injectable()
export class DocumentGenerationCapability implements TaskCapabilityHandler {
  readonly name = 'document_generation';
  readonly kind = 'media';

  constructor(
    private readonly text: TextGeneration,
    private readonly files: FilesService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const format = formatOf(run);
    let content = run.inputs.text.trim();
    let written: NodeResult | undefined;
    if (!run.inputs.fromSteps) {
      written = await this.text.generate(run, ModelCapability.Chat, [
        {
          role: 'system',
          content: `Write the document the user asks for, in ${languageName(run.language)}, as well-structured Markdown (a # title, ## sections, lists where useful). Answer with the document only.`,
        },
        { role: 'user', content: content || run.request },
      ]);
      content = written.text?.trim() ?? '';
    }
    if (!content) throw new CapabilityError('NO_INPUT', 'There is no content for the document.');
    run.emitProgress(80);
    const title = typeof run.params.title === 'string' && run.params.title.trim() ? run.params.title.trim() : titleOf(content);
    const document = await renderDocument(format, title, content);
    const file = await this.files.saveGenerated({
      userId: run.userId,
      messageId: run.messageId,
      name: `${slug(title, 'document')}.${document.extension}`,
      mime: document.mime,
      extension: document.extension,
      data: document.data,
    });
    return { file, text: written?.text, model: written?.model, usage: written?.usage };
  }
}

function titleOf(markdown: string): string {
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1];
  return (heading ?? 'Document').replace(/[*_`]/g, '').trim().slice(0, 120);
}
