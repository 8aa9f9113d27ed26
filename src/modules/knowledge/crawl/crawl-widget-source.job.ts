import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { WidgetSourceCrawl } from './widget-source-crawl.service';

/** Crawls a widget's website on `async_index`; idempotent (a re-run crawls again and replaces the pages). */
@Injectable()
@HandlesJob(JobName.CrawlWidgetSource)
export class CrawlWidgetSourceJob implements JobHandler<JobName.CrawlWidgetSource> {
  constructor(private readonly crawl: WidgetSourceCrawl) {}

  async handle({ sourceId }: JobPayload<JobName.CrawlWidgetSource>, job: Job<JobPayload<JobName.CrawlWidgetSource>>): Promise<{ state: string | null }> {
    try {
      return { state: await this.crawl.crawl(sourceId) };
    } catch (error) {
      // The last attempt: the source must not stay `crawling` forever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.crawl.giveUp(sourceId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
