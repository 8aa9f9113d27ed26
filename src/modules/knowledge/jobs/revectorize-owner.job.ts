import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobQueueService } from '../../../infra/queue/job-queue.service';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { FilesService } from '../../files/files.service';
import { Embedder } from '../embedder.service';

/**
 * After the VECTORIZE binding changed, an owner's files indexed by the old model are searched by
 * nothing (vectors of two models are never compared): each is indexed again with the current one,
 * from its stored text, on `async_index`, and their memories' and feedback's indexes are rebuilt
 * from MariaDB. Queued by the first search that notices.
 */
@Injectable()
@HandlesJob(JobName.RevectorizeOwner)
export class RevectorizeOwnerJob implements JobHandler<JobName.RevectorizeOwner> {
  constructor(
    private readonly files: FilesService,
    private readonly embedder: Embedder,
    private readonly queue: JobQueueService,
  ) {}

  async handle({ ownerUserId }: JobPayload<JobName.RevectorizeOwner>): Promise<{ files: number }> {
    const stale = await this.files.indexedWithOtherModel(ownerUserId, await this.embedder.model(ownerUserId));
    for (const file of stale) await this.queue.enqueue({ name: JobName.VectorizeFile, data: { fileId: file.id } });
    await this.queue.enqueue({ name: JobName.IndexMemories, data: { userId: ownerUserId } });
    await this.queue.enqueue({ name: JobName.IndexFeedback, data: { userId: ownerUserId } });
    return { files: stale.length };
  }
}
