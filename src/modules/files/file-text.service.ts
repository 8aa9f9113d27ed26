import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { UserChannel } from '../realtime/user-channel.service';
import { documentKindOf, ExtractionError, type ExtractedDocument } from './extraction/document-kind';
import { TextExtractor } from './extraction/text-extractor.service';
import type { FileState, StoredFile } from './file.entity';
import { FileTextsRepository } from './file-texts.repository';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

/** Longest `error` kept on a file (the column's size). */
const MAX_ERROR = 1000;
/** Percentage points between two progress announcements of one extraction. */
const PROGRESS_STEP = 10;

/**
 * A file's extracted text: made on `async_extract` (ExtractFileJob), read by the pipeline
 * (extract_text, indexing). Every state change is announced on the owner's user channel as
 * `file.updated`, so the file's progress shows live.
 */
@Injectable()
export class FileTextService {
  private readonly logger = new Logger(FileTextService.name);

  constructor(
    private readonly files: FilesRepository,
    private readonly texts: FileTextsRepository,
    private readonly content: FilesService,
    private readonly extractor: TextExtractor,
    private readonly users: UserChannel,
  ) {}

  /**
   * Extracts and stores the text of file `fileId`. A document that cannot be read (broken,
   * encrypted, hostile, too big, too slow) fails the file with `CODE: explanation` and returns;
   * storage or database trouble throws, for the job to retry.
   */
  async extract(fileId: string): Promise<FileState | null> {
    const file = await this.files.findById(fileId);
    if (!file) return null;
    const kind = documentKindOf(file.mime);
    if (!kind) return this.fail(file, 'UNSUPPORTED', `No text can be extracted from ${file.mime} files.`);
    await this.setState(file, 'extracting', 0);
    const data = await this.content.readContent(file.userId, file.id);
    let document: ExtractedDocument;
    try {
      document = await this.extractor.extract(kind, data, this.progressOf(file));
    } catch (error) {
      if (!(error instanceof ExtractionError)) throw error;
      return this.fail(file, error.code, error.message);
    }
    await this.texts.save({
      fileId: file.id,
      userId: file.userId,
      kind,
      pages: document.pages ?? null,
      chars: document.sections.reduce((sum, section) => sum + section.text.length, 0),
      sections: document.sections,
    });
    await this.setState(file, 'extracted', 100);
    return 'extracted';
  }

  /** Fails a file whose extraction job gave up after its retries (storage or database trouble). */
  async giveUp(fileId: string, reason: string): Promise<void> {
    const file = await this.files.findById(fileId);
    if (file && file.state !== 'failed') await this.fail(file, 'INTERNAL', `Extraction kept failing: ${reason}`);
  }

  /** The stored text of a file its owner may read, or null when none was extracted (yet). */
  async textOf(userId: string, fileId: string): Promise<ExtractedDocument | null> {
    const text = await this.texts.findOwned(userId, fileId);
    if (text) return { sections: text.sections, ...(text.pages !== null ? { pages: text.pages } : {}) };
    if (!(await this.files.findOwned(userId, fileId))) throw new AppException(ErrorCode.NotFound, 'No such file.');
    return null;
  }

  /** Announces a paged document's progress in steps of PROGRESS_STEP, not on every page; 100 is `extracted`'s. */
  private progressOf(file: StoredFile): (percent: number) => void {
    let announced = 0;
    return (percent) => {
      if (percent >= 100 || percent - announced < PROGRESS_STEP) return;
      announced = percent;
      this.users.notify(file.userId, 'file.updated', { fileId: file.id, state: 'extracting', progress: percent });
    };
  }

  private async fail(file: StoredFile, code: string, message: string): Promise<FileState> {
    this.logger.warn(`file ${file.id}: extraction failed (${code}): ${message}`);
    await this.files.setState(file.id, 'failed', `${code}: ${message}`.slice(0, MAX_ERROR));
    this.users.notify(file.userId, 'file.updated', { fileId: file.id, state: 'failed' });
    return 'failed';
  }

  private async setState(file: StoredFile, state: FileState, progress: number): Promise<void> {
    await this.files.setState(file.id, state);
    this.users.notify(file.userId, 'file.updated', { fileId: file.id, state, progress });
  }
}
