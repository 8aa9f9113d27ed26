import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ProcessLifecycle } from '../common/lifecycle/process-lifecycle';

const MEMORY_CHECK_INTERVAL_MS = 15_000;

/**
 * Bounds a worker's life: after WORKER_MAX_LIFETIME_S, or once its RSS passes WORKER_MAX_MEMORY_MB,
 * it asks for a graceful shutdown (stop taking jobs, finish those in hand, exit 0) and its
 * supervisor starts a fresh one.
 */
@Injectable()
export class WorkerRecycler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRecycler.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly lifecycle: ProcessLifecycle,
  ) {}

  onApplicationBootstrap(): void {
    const { maxLifetimeS, maxMemoryMb } = this.config.worker;
    const lifetime = setTimeout(() => this.recycle(`reached WORKER_MAX_LIFETIME_S=${maxLifetimeS}`), maxLifetimeS * 1000);
    const memory = setInterval(() => {
      const rssMb = process.memoryUsage.rss() / 1024 / 1024;
      if (rssMb > maxMemoryMb) this.recycle(`RSS ${Math.round(rssMb)} MB exceeds WORKER_MAX_MEMORY_MB=${maxMemoryMb}`);
    }, MEMORY_CHECK_INTERVAL_MS);
    this.timers = [lifetime, memory];
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    this.clearTimers();
  }

  private recycle(reason: string): void {
    this.clearTimers();
    this.logger.log(`recycling worker: ${reason}`);
    this.lifecycle.requestShutdown(`recycle: ${reason}`);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
