import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { FeedbackService } from '../feedback.service';

/** Indexes (or un-indexes) one answer's feedback, or all of a user's, by its question on `async_index`; idempotent. */
@Injectable()
@HandlesJob(JobName.IndexFeedback)
export class IndexFeedbackJob implements JobHandler<JobName.IndexFeedback> {
  constructor(private readonly feedback: FeedbackService) {}

  async handle({ userId, messageId }: JobPayload<JobName.IndexFeedback>): Promise<{ indexed: number }> {
    if (messageId === undefined) return { indexed: await this.feedback.rebuildIndex(userId) };
    return { indexed: (await this.feedback.index(userId, messageId)) ? 1 : 0 };
  }
}
