import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessLifecycle } from '../../common/lifecycle/process-lifecycle';
import { AppConfig } from '../../config/app-config';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { QUEUE_NAMES } from '../../infra/queue/queue-name';
import { RedisClients } from '../../infra/redis/redis.clients';

export type CheckState = 'up' | 'down' | 'disabled';
export type HealthCheckName = 'database' | 'redis' | 'queues' | 'vectorStore' | 'realtime';

export interface HealthReport {
  /** `degraded`: a required dependency is down; `draining`: the node is shutting down and takes no new work. */
  status: 'ok' | 'degraded' | 'draining';
  checks: Record<HealthCheckName, CheckState>;
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisClients,
    private readonly jobs: JobQueueService,
    private readonly config: AppConfig,
    private readonly lifecycle: ProcessLifecycle,
  ) {}

  /**
   * Probes every dependency in parallel; `degraded` when a required one is down, `draining` (the
   * dependencies still reported) once the node is shutting down.
   */
  async report(): Promise<HealthReport> {
    const [database, redis, queues, realtime] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.app.ping()),
      probe(() => Promise.all(QUEUE_NAMES.map((name) => this.jobs.queue(name).getJobCounts('waiting')))),
      this.config.realtime.enabled ? probe(() => this.redis.realtime.ping()) : Promise.resolve<CheckState>('disabled'),
    ]);
    // No vector store is wired into the platform yet; it reports itself once documents/RAG land.
    const checks: HealthReport['checks'] = { database, redis, queues, vectorStore: 'disabled', realtime };
    const down = Object.values(checks).includes('down');
    if (this.lifecycle.draining) return { status: 'draining', checks };
    return { status: down ? 'degraded' : 'ok', checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
