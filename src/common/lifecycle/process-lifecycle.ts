import { Injectable } from '@nestjs/common';

type ShutdownListener = (reason: string) => void;

/**
 * Lets code inside the application ask the process to shut down gracefully (the worker recycling
 * itself), through the same path as SIGTERM, which main.ts owns.
 */
@Injectable()
export class ProcessLifecycle {
  private listener: ShutdownListener | undefined;

  onShutdownRequested(listener: ShutdownListener): void {
    this.listener = listener;
  }

  requestShutdown(reason: string): void {
    this.listener?.(reason);
  }
}
