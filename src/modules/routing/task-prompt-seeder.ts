import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { LockService } from '../../infra/redis/lock.service';
import { TaskPromptsService } from './task-prompts.service';

/**
 * Seeds the default system prompts at boot. Web and worker nodes may boot together, so the work
 * runs under a cluster lock (and the insert ignores duplicates besides).
 */
@Injectable()
export class TaskPromptSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(TaskPromptSeeder.name);

  constructor(
    private readonly prompts: TaskPromptsService,
    private readonly lock: LockService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inserted = await this.lock.withLock('routing:seed-prompts', () => this.prompts.seedDefaults(), { waitMs: 30_000 });
    if (inserted.length > 0) this.logger.log(`seeded default task prompts: ${inserted.join(', ')}`);
  }
}
