import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RealtimePublisher } from './realtime-publisher.service';
import type { UserEventMap, UserEventType } from './user-events';

/**
 * Tells a user's own tabs and devices what changed in their data (`user:<userId>`, see
 * user-events.ts), from any role. Telling them is a courtesy, never part of the work that causes
 * it: `notify` returns at once, without waiting for Redis, and a failure is logged, not thrown, so
 * it can neither fail nor slow down a request or a turn. With REALTIME_ENABLED=false it does nothing.
 */
@Injectable()
export class UserChannel {
  private readonly logger = new Logger(UserChannel.name);

  constructor(
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  notify<T extends UserEventType>(userId: string, type: T, data: UserEventMap[T]): void {
    if (!this.config.realtime.enabled) return;
    this.publisher.publish(`user:${userId}`, type, data).catch((error: unknown) => {
      this.logger.warn(`could not publish ${type} to user:${userId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
