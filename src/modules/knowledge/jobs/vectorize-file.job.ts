import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { FileStates } from '../../files/file-states.service';
import { FileTextService } from '../../files/file-text.service';
import { fileSourceId, FilesService } from '../../files/files.service';
import { KnowledgeIndex } from '../knowledge-index.service';

/** Progress points between two announcements of one file's indexing. */
const PROGRESS_STEP = 10;

/**
 * Indexes an extracted file where it is searched (its chat or topic) on `async_index`: extracted →
 * vectorizing → vectorized. Idempotent: a re-run (or a re-vectorization) replaces the chunks.
 */
@Injectable()
@HandlesJob(JobName.VectorizeFile)
export class VectorizeFileJob implements JobHandler<JobName.VectorizeFile> {
  constructor(
    private readonly files: FilesService,
    private readonly texts: FileTextService,
    private readonly states: FileStates,
    private readonly index: KnowledgeIndex,
  ) {}

  async handle({ fileId }: JobPayload<JobName.VectorizeFile>, job: Job<JobPayload<JobName.VectorizeFile>>): Promise<{ chunks: number } | { skipped: string }> {
    const file = await this.files.indexableById(fileId);
    if (!file) return { skipped: 'deleted' };
    // Not attached anywhere yet: indexing starts when it is (FilesService.prepareForSearch).
    if (!file.group) return { skipped: 'not attached' };
    if (file.state === 'failed') return { skipped: 'failed' };
    const document = await this.texts.textOf(file.userId, file.id);
    // Extraction is still to come; it queues this job again once the text is in.
    if (!document) return { skipped: 'not extracted' };
    await this.states.set(file, 'vectorizing', 0);
    let announced = 0;
    try {
      const { chunks, model } = await this.index.index(
        { ownerUserId: file.userId, group: file.group, sourceId: fileSourceId(file.id), source: { fileId: file.id, title: file.name }, document },
        {
          onProgress: (percent) => {
            if (percent >= 100 || percent - announced < PROGRESS_STEP) return;
            announced = percent;
            this.states.progress(file, 'vectorizing', percent);
          },
        },
      );
      await this.files.setIndexedModel(file.id, model);
      await this.states.set(file, 'vectorized', 100);
      return { chunks };
    } catch (error) {
      // The last attempt: the file must not stay `vectorizing` forever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.states.fail(file, 'INDEXING_FAILED', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
