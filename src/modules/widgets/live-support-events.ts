import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { OperatorEventMap, SessionEventMap } from '../../contracts/widgets';
import { RealtimePublisher } from '../realtime/realtime-publisher.service';

/** What `widget:session.<wid>.<sid>` and `widget:operators.<wid>` carry (docs/widgets.md): the contract the SPA and the widget read. */
export type { OperatorEventMap, SessionEventMap };

export type NotificationKind = OperatorEventMap['notification']['kind'];

/**
 * Publishes live support events, from either role. Like UserChannel, a publication is a courtesy to
 * whoever watches: it is awaited (so a request's answer follows its events) but never fails the
 * work that caused it; with REALTIME_ENABLED=false nothing is published.
 */
@Injectable()
export class LiveSupportEvents {
  private readonly logger = new Logger(LiveSupportEvents.name);

  constructor(
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  toSession<T extends keyof SessionEventMap>(session: { widgetId: string; id: string }, type: T, data: SessionEventMap[T]): Promise<void> {
    return this.publish(`widget:session.${session.widgetId}.${session.id}`, type, data);
  }

  toOperators<T extends keyof OperatorEventMap>(widgetId: string, type: T, data: OperatorEventMap[T]): Promise<void> {
    return this.publish(`widget:operators.${widgetId}`, type, data);
  }

  private async publish(channel: string, type: string, data: unknown): Promise<void> {
    if (!this.config.realtime.enabled) return;
    try {
      await this.publisher.publish(channel, type, data);
    } catch (error) {
      this.logger.warn(`could not publish ${type} to ${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
