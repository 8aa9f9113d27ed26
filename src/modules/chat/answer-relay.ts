import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ProcessLifecycle } from '../../common/lifecycle/process-lifecycle';
import { ErrorCode } from '../../common/errors/error-code';
import { compareStreamIds, isStreamId, TrackStreamService, type TrackEvent } from '../../infra/stream/track-stream.service';
import { MetricsService } from '../metrics/metrics.service';
import { SseWriter } from './sse-writer';
import { TERMINAL_EVENTS, type StreamEventMap } from './stream.events';

/** How a stream ends when its events cannot be read (the headers, and the 200, are already out). */
const UNREADABLE_STREAM: StreamEventMap['error'] = { code: ErrorCode.Internal, message: 'The answer could not be read. Please try again.' };

/** Why a relay stops following its track: one value for all (see SseWriter's STREAM_CLOSED). */
const DONE_FOLLOWING = new Error('The relay stopped following the track.');

/**
 * Serves a track's events as server-sent events to whoever may follow it (the caller checks who):
 * the web chat, the API and the widget all stream and resume answers through this.
 */
@Injectable()
export class AnswerRelay {
  private readonly logger = new Logger(AnswerRelay.name);

  constructor(
    private readonly streams: TrackStreamService,
    private readonly lifecycle: ProcessLifecycle,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Where a resume after `lastEventId` (as the client sent it, header or query) picks up:
   * undefined for the whole stream. A malformed id → INVALID_LAST_EVENT_ID; so is an id later than
   * the track's newest event, which was never sent: following after it would skip every event
   * still to come, the final one included. When it is the track's final event the client has it
   * all: the stream replays just that event, so it ends the way every stream ends instead of
   * waiting for nothing.
   */
  async resumePoint(trackId: string, lastEventId: string | undefined): Promise<string | undefined> {
    if (lastEventId === undefined) return undefined;
    if (!isStreamId(lastEventId)) throw new AppException(ErrorCode.InvalidLastEventId, 'Last-Event-ID must be an id this stream sent.');
    const [newest, beforeNewest] = await this.streams.latest(trackId, 2);
    if (!newest || compareStreamIds(lastEventId, newest.id) > 0) {
      throw new AppException(ErrorCode.InvalidLastEventId, 'Last-Event-ID is later than the last event of this stream.');
    }
    return lastEventId === newest.id && TERMINAL_EVENTS.has(newest.event) ? beforeNewest?.id : lastEventId;
  }

  /**
   * Follows the track until its last event or until the client leaves (which does not cancel);
   * `present` shapes each event for whoever follows (a widget visitor sees less than the owner).
   * A node shutting down ends the stream early: the answer goes on, the client resumes elsewhere.
   * With `opening`, the stream opens once it resolves (an answer's turn committed,
   * SendMessageService.launchQueued), its track being read meanwhile; if it rejects, nothing is
   * sent and its error is the request's.
   */
  relay(
    trackId: string,
    afterId: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    present: (event: TrackEvent) => TrackEvent = (event) => event,
    opening?: Promise<unknown>,
  ): Promise<void> {
    return this.metrics.whileStreaming(() => this.follow(trackId, afterId, request, reply, present, opening));
  }

  private async follow(trackId: string, afterId: string | undefined, request: FastifyRequest, reply: FastifyReply, present: (event: TrackEvent) => TrackEvent, opening?: Promise<unknown>): Promise<void> {
    const following = new AbortController();
    const events = this.streams.follow(trackId, afterId, following.signal);
    const first = events.next();
    first.catch(() => undefined);
    try {
      await opening;
    } catch (error) {
      following.abort(DONE_FOLLOWING);
      await events.return(undefined).catch(() => undefined);
      throw error;
    }
    const sse = new SseWriter(request, reply, { signal: this.lifecycle.closing, endStream: true });
    sse.closed.addEventListener('abort', () => following.abort(DONE_FOLLOWING), { once: true });
    try {
      for (let next = await first; !next.done; next = await events.next()) {
        const event = next.value;
        if (TERMINAL_EVENTS.has(event.event)) {
          sse.end(present(event));
          break;
        }
        sse.send(present(event));
      }
    } catch (error) {
      // Ending on `error` rather than just closing: a client re-attaches after a bare close, and
      // would keep re-attaching to a stream that cannot be read.
      this.logger.error(error);
      sse.send({ event: 'error', data: UNREADABLE_STREAM });
    } finally {
      // Stops listening to the track (the generator's own `finally`).
      following.abort(DONE_FOLLOWING);
      await events.return(undefined).catch(() => undefined);
      sse.end();
    }
  }
}
