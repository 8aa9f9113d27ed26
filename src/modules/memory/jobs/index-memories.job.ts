import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { MemoryService } from '../memory.service';

/** Rebuilds one user's memory index from MariaDB on `async_index`; idempotent by construction. */
@Injectable()
@HandlesJob(JobName.IndexMemories)
export class IndexMemoriesJob implements JobHandler<JobName.IndexMemories> {
  constructor(private readonly memory: MemoryService) {}

  async handle({ userId }: JobPayload<JobName.IndexMemories>): Promise<{ indexed: number }> {
    return { indexed: await this.memory.rebuildIndex(userId) };
  }
}
