import { Injectable, Logger } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { SessionTokensService } from '../session-tokens.service';

/** Keep dead refresh tokens a week (for reuse detection), then delete them. */
const DEFAULT_RETENTION_S = 7 * 24 * 3600;

/** Housekeeping: deletes refresh tokens that expired or were revoked long ago. Idempotent. */
@Injectable()
@HandlesJob(JobName.PurgeExpiredTokens)
export class PurgeExpiredTokensJob implements JobHandler<JobName.PurgeExpiredTokens> {
  private readonly logger = new Logger(PurgeExpiredTokensJob.name);

  constructor(private readonly tokens: SessionTokensService) {}

  async handle(payload: JobPayload<JobName.PurgeExpiredTokens>): Promise<{ deleted: number }> {
    const deleted = await this.tokens.purgeDeadTokens(payload.olderThanS ?? DEFAULT_RETENTION_S);
    if (deleted > 0) this.logger.log(`deleted ${deleted} dead refresh tokens`);
    return { deleted };
  }
}
