import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { MessagePipeline } from '../message-pipeline.service';

@Injectable()
@HandlesJob(JobName.ProcessMessage)
export class ProcessMessageJob implements JobHandler<JobName.ProcessMessage> {
  constructor(private readonly pipeline: MessagePipeline) {}

  handle(payload: JobPayload<JobName.ProcessMessage>, job: Job<JobPayload<JobName.ProcessMessage>>): Promise<void> {
    // Run again after a stall (its worker died): the turn may be half answered, and is answered again.
    return this.pipeline.process(payload, job.attemptsMade > 0 || job.stalledCounter > 0);
  }

  /**
   * A failure `handle` saw was already told on the track by the pipeline; one BullMQ decided
   * without running it (the job stalled too often: `deferredFailure`) was not, and closes the answer.
   */
  async failed(payload: JobPayload<JobName.ProcessMessage>, job: Job<JobPayload<JobName.ProcessMessage>>): Promise<void> {
    if (job.deferredFailure) await this.pipeline.abandon(payload);
  }

  /** Another worker answers again (this one was taken for dead): this run stops, silently. */
  lockLost(payload: JobPayload<JobName.ProcessMessage>): void {
    this.pipeline.supersede(payload.trackId);
  }
}
