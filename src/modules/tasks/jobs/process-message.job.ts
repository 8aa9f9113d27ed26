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
    // Run again after a failure or a stall (its worker died): the turn may be half answered.
    return this.pipeline.process(payload, job.attemptsMade > 0 || job.stalledCounter > 0);
  }
}
