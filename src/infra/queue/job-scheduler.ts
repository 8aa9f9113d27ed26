import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobQueueService } from './job-queue.service';
import { jobSchedules } from './jobs';

/** Registers the periodic jobs when a worker starts (idempotent: upserts by job name). */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueueService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(jobSchedules(this.config).map((schedule) => this.jobs.upsertSchedule(schedule)));
  }
}
