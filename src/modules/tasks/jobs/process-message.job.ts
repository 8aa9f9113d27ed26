import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { MessagePipeline } from '../message-pipeline.service';

@Injectable()
@HandlesJob(JobName.ProcessMessage)
export class ProcessMessageJob implements JobHandler<JobName.ProcessMessage> {
  constructor(private readonly pipeline: MessagePipeline) {}

  handle(payload: JobPayload<JobName.ProcessMessage>): Promise<void> {
    return this.pipeline.process(payload);
  }
}
