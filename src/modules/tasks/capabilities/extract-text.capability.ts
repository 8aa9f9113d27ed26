import { Injectable } from '@nestjs/common';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** Types whose bytes are their text. Binary formats (PDF, DOCX, images) need document processing. */
const PLAIN_TEXT = /^(text\/[\w.+-]+|application\/(json|xml|x-yaml|yaml|csv|x-ndjson))$/;

/** Reads the text of the attached files. */
@Injectable()
export class ExtractTextCapability implements TaskCapabilityHandler {
  readonly name = 'extract_text';
  readonly kind = 'text';

  constructor(private readonly files: FilesService) {}

  async run(run: NodeRun): Promise<NodeResult> {
    if (run.inputs.files.length === 0) throw new CapabilityError('NO_INPUT', 'No file was attached to read.');
    const parts: string[] = [];
    const unreadable: string[] = [];
    for (const file of run.inputs.files) {
      if (!PLAIN_TEXT.test(file.mime.split(';')[0]?.trim().toLowerCase() ?? '')) {
        unreadable.push(`${file.name} (${file.mime})`);
        continue;
      }
      const text = (await this.files.readContent(run.userId, file.id)).toString('utf8');
      parts.push(run.inputs.files.length > 1 ? `## ${file.name}\n\n${text}` : text);
      run.emitProgress(Math.round((parts.length / run.inputs.files.length) * 100));
    }
    if (parts.length === 0) {
      throw new CapabilityError('EXTRACTION_UNAVAILABLE', `Text cannot be extracted from ${unreadable.join(', ')} yet; only plain-text files are read.`);
    }
    const text = parts.join('\n\n');
    run.emitText(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
    return { text };
  }
}
