import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { documentKindOf, ExtractionError, type ExtractedDocument } from './extraction/document-kind';
import { TextExtractor } from './extraction/text-extractor.service';
import type { FileState, StoredFile } from './file.entity';
import { FileStates } from './file-states.service';
import { FileTextsRepository } from './file-texts.repository';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

/** Percentage points between two progress announcements of one extraction. */
const PROGRESS_STEP = 10;

/**
 * A file's extracted text: made on `async_extract` (ExtractFileJob), read by the pipeline
 * (extract_text, indexing), its progress announced live through FileStates. A file uploaded to be
 * vectorized is handed on to indexing once its text is in, if it is already attached to where it
 * is searched (else indexing starts when it is: KnowledgeFiles).
 */
@Injectable()
export class FileTextService {
  constructor(
    private readonly files: FilesRepository,
    private readonly texts: FileTextsRepository,
    private readonly content: FilesService,
    private readonly extractor: TextExtractor,
    private readonly states: FileStates,
    private readonly queue: JobQueueService,
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
    if (!kind) return this.states.fail(file, 'UNSUPPORTED', `No text can be extracted from ${file.mime} files.`);
    await this.states.set(file, 'extracting', 0);
    const data = await this.content.readContent(file.userId, file.id);
    let document: ExtractedDocument;
    try {
      document = await this.extractor.read(file, kind, data, this.progressOf(file));
    } catch (error) {
      if (!(error instanceof ExtractionError)) throw error;
      return this.states.fail(file, error.code, error.message);
    }
    await this.texts.save({
      fileId: file.id,
      userId: file.userId,
      kind,
      pages: document.pages ?? null,
      chars: document.sections.reduce((sum, section) => sum + section.text.length, 0),
      sections: document.sections,
    });
    await this.states.set(file, 'extracted', 100);
    // Read again after the state is written: a file attached meanwhile (FilesService.prepareForSearch)
    // is indexed by whichever of the two sees both the attachment and `extracted`, or by both.
    const now = await this.files.findById(file.id);
    if (now?.processLevel === 'vectorize' && now.searchGroupKind) await this.queue.enqueue({ name: JobName.VectorizeFile, data: { fileId: file.id } });
    return 'extracted';
  }

  /** Fails a file whose extraction job gave up after its retries (storage or database trouble). */
  async giveUp(fileId: string, reason: string): Promise<void> {
    const file = await this.files.findById(fileId);
    if (file && file.state !== 'failed') await this.states.fail(file, 'INTERNAL', `Extraction kept failing: ${reason}`);
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
      this.states.progress(file, 'extracting', percent);
    };
  }
}
