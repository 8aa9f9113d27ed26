import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueueService } from './job-queue.service';
import { JOB_SCHEDULES } from './jobs';

/** Registers the periodic jobs when a worker starts (idempotent: upserts by job name). */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueueService) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(JOB_SCHEDULES.map((schedule) => this.jobs.upsertSchedule(schedule)));
  }
}
