import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobHandlerRegistry } from './job-handler.registry';
import { QueueName } from './queue-name';

/** One BullMQ worker per queue; each hands its jobs to the registry by name. */
@Injectable()
abstract class QueueProcessor extends WorkerHost implements OnApplicationBootstrap {
  protected abstract readonly queueName: QueueName;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  process(job: Job): Promise<unknown> {
    return this.registry.dispatch(this.queueName, job);
  }
}

@Processor(QueueName.AiHigh)
export class AiHighProcessor extends QueueProcessor {
  protected readonly queueName = QueueName.AiHigh;
}

@Processor(QueueName.Extract)
export class ExtractProcessor extends QueueProcessor {
  protected readonly queueName = QueueName.Extract;
}

@Processor(QueueName.Index)
export class IndexProcessor extends QueueProcessor {
  protected readonly queueName = QueueName.Index;
}

export const QUEUE_PROCESSORS = [AiHighProcessor, ExtractProcessor, IndexProcessor];
