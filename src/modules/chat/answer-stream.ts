import { Injectable } from '@nestjs/common';
import type { RedisConnection } from '../../infra/redis/redis.clients';
import { TrackStreamService } from '../../infra/stream/track-stream.service';
import { MetricsService } from '../metrics/metrics.service';
import { TERMINAL_EVENTS, type StreamEventMap, type StreamEventName } from './stream.events';

/** Typed publishing of an answer's events onto its track (see TrackStreamService). */
@Injectable()
export class AnswerStream {
  constructor(
    private readonly tracks: TrackStreamService,
    private readonly metrics: MetricsService,
  ) {}

  /** `connection`: see TrackStreamService.publish. */
  publish<E extends StreamEventName>(trackId: string, event: E, data: StreamEventMap[E], connection?: RedisConnection): Promise<string> {
    return this.tracks.publish(trackId, event, data, connection);
  }

  /** See TrackStreamService.listenAhead. */
  listenAhead(trackId: string): Promise<() => void> {
    return this.tracks.listenAhead(trackId);
  }

  /** Whether the track's last event is a final one (`complete` or `error`): its answer's end was announced. */
  async ended(trackId: string): Promise<boolean> {
    const [last] = await this.tracks.latest(trackId, 1);
    return last !== undefined && TERMINAL_EVENTS.has(last.event);
  }

  /** How long an answer took to reach a point its events mark (see EventSink). */
  observeAnswerTime(phase: 'first_token' | 'answer', seconds: number): void {
    this.metrics.observePhase(phase, seconds);
  }
}
