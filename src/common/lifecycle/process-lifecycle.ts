import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

type ShutdownListener = (reason: string) => void;

/**
 * The process's way out, in two steps a load balancer can follow. Draining: the node reports
 * not-ready on /api/health while it still serves, so health checks take it out of rotation.
 * Closing (as the application closes, after the drain delay): long-lived responses end, so their
 * clients re-attach to another node, and in-flight ones finish on connections that then close.
 * Also lets code inside the application ask for a graceful shutdown (the worker recycling itself),
 * through the same path as SIGTERM, which main.ts owns.
 */
@Injectable()
export class ProcessLifecycle implements BeforeApplicationShutdown {
  private listener: ShutdownListener | undefined;
  private drainStarted = false;
  private readonly closingController = new AbortController();

  onShutdownRequested(listener: ShutdownListener): void {
    this.listener = listener;
  }

  requestShutdown(reason: string): void {
    this.listener?.(reason);
  }

  /** From now on the node reports itself not ready: it is on its way out. */
  beginDrain(): void {
    this.drainStarted = true;
  }

  get draining(): boolean {
    return this.drainStarted;
  }

  /** Aborted as the application closes: server-sent event streams end on it. */
  get closing(): AbortSignal {
    return this.closingController.signal;
  }

  /** Runs before Nest closes the socket.io and HTTP servers, whichever way the app is closed. */
  beforeApplicationShutdown(): void {
    this.drainStarted = true;
    this.closingController.abort();
  }
}
