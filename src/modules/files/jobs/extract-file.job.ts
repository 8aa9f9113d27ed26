import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { FileTextService } from '../file-text.service';

/** Extracts an uploaded file's text on `async_extract`; idempotent (a re-run replaces the text). */
@Injectable()
@HandlesJob(JobName.ExtractFile)
export class ExtractFileJob implements JobHandler<JobName.ExtractFile> {
  constructor(private readonly texts: FileTextService) {}

  async handle({ fileId }: JobPayload<JobName.ExtractFile>, job: Job<JobPayload<JobName.ExtractFile>>): Promise<{ state: string | null }> {
    try {
      return { state: await this.texts.extract(fileId) };
    } catch (error) {
      // The last attempt: the file must not stay `extracting` forever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.texts.giveUp(fileId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
