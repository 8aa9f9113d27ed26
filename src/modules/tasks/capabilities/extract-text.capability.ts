import { Injectable } from '@nestjs/common';
import type { FileDto } from '../../files/dto/file.dto';
import { FileTextService } from '../../files/file-text.service';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** Types whose bytes are their text, read as they are when no extracted text is stored for them. */
const PLAIN_TEXT = /^(text\/[\w.+-]+|application\/(json|xml|x-yaml|yaml|csv|x-ndjson))$/;

/**
 * Reads the text of the attached files: the text extracted on upload (PDF, DOCX, XLSX, … —
 * docs/knowledge.md) when there is some, else the bytes of a plain-text file.
 */
@Injectable()
export class ExtractTextCapability implements TaskCapabilityHandler {
  readonly name = 'extract_text';
  readonly kind = 'text';

  constructor(
    private readonly files: FilesService,
    private readonly texts: FileTextService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    if (run.inputs.files.length === 0) throw new CapabilityError('NO_INPUT', 'No file was attached to read.');
    const parts: string[] = [];
    const unreadable: string[] = [];
    for (const file of run.inputs.files) {
      const text = await this.textOf(run.userId, file);
      if (text === null) {
        unreadable.push(`${file.name} (${file.mime})`);
        continue;
      }
      parts.push(run.inputs.files.length > 1 ? `## ${file.name}\n\n${text}` : text);
      run.emitProgress(Math.round((parts.length / run.inputs.files.length) * 100));
    }
    if (parts.length === 0) {
      throw new CapabilityError(
        'EXTRACTION_UNAVAILABLE',
        `Text cannot be extracted from ${unreadable.join(', ')} yet; only plain-text files and uploads whose text was extracted are read.`,
      );
    }
    const text = parts.join('\n\n');
    run.emitText(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
    return { text };
  }

  private async textOf(userId: string, file: FileDto): Promise<string | null> {
    const extracted = await this.texts.textOf(userId, file.id);
    if (extracted) return extracted.sections.map((section) => section.text).join('\n\n');
    if (!PLAIN_TEXT.test(file.mime.split(';')[0]?.trim().toLowerCase() ?? '')) return null;
    return (await this.files.readContent(userId, file.id)).toString('utf8');
  }
}
