import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import { FilesService } from '../../files/files.service';
import { DOCUMENT_FORMATS, renderDocument, TABLE_FORMATS, type DocumentFormat } from '../documents/document-renderer';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { slug } from './file-names';
import { languageName, TextGeneration } from './text-generation';

const FORMAT_ALIASES: Record<string, DocumentFormat> = {
  markdown: 'md',
  word: 'docx',
  doc: 'docx',
  excel: 'xlsx',
  xls: 'xlsx',
  spreadsheet: 'xlsx',
  powerpoint: 'pptx',
  ppt: 'pptx',
  slides: 'pptx',
};

/** How the model writes the document's text when the plan gives it only the request, per kind of format. */
function writingInstruction(format: DocumentFormat, language: string): string {
  const inLanguage = `in ${languageName(language)}`;
  if (TABLE_FORMATS.has(format)) {
    return `Write the table the user asks for, ${inLanguage}, as one Markdown table: a header row naming the columns, then one row per entry, numbers as plain numbers (units in the header). Answer with the table only.`;
  }
  if (format === 'pptx') {
    return `Write the presentation the user asks for, ${inLanguage}, as Markdown: a # title, then one ## heading per slide with three to six short bullet points. Answer with the presentation only.`;
  }
  return `Write the document the user asks for, ${inLanguage}, as well-structured Markdown (a # title, ## sections, lists where useful). Answer with the document only.`;
}

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
        { role: 'system', content: writingInstruction(format, run.language) },
        { role: 'user', content: content || run.request },
      ]);
      content = written.text?.trim() ?? '';
    }
    if (!content) throw new CapabilityError('NO_INPUT', 'There is no content for the document.');
    run.emitProgress(80);
    const title = typeof run.params.title === 'string' && run.params.title.trim() ? run.params.title.trim() : titleOf(content, format);
    const document = await renderDocument(format, title, content, run.language);
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

const UNTITLED: Partial<Record<DocumentFormat, string>> = { xlsx: 'Table', csv: 'Table', pptx: 'Presentation' };

function titleOf(markdown: string, format: DocumentFormat): string {
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1];
  return (heading ?? UNTITLED[format] ?? 'Document').replace(/[*_`]/g, '').trim().slice(0, 120);
}
