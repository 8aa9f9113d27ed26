import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RealtimePublisher } from '../realtime/realtime-publisher.service';
import type { WidgetMessageDto, WidgetSessionDto } from './dto/live-support.dto';

/** What `widget:session.<wid>.<sid>` carries (docs/widgets.md): the visitor and the operators follow it. */
export interface SessionEventMap {
  message: WidgetMessageDto;
  /** An AI answer started: follow it over SSE. */
  answer: { messageId: string; trackId: string };
  takeover: { operatorName: string };
  handback: Record<string, never>;
  handoff: Record<string, never>;
}

export type NotificationKind = 'session' | 'message' | 'handoff';

/** What `widget:operators.<wid>` carries: the owner's live support console follows it. */
export interface OperatorEventMap {
  notification: { kind: NotificationKind; sessionId: string; preview: string };
  /** A row of the session list changed. */
  session: WidgetSessionDto;
}

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
