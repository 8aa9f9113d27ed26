import { Logger } from '@nestjs/common';
import type { AnswerStream } from '../chat/answer-stream';
import type { StreamEventMap, StreamEventName } from '../chat/stream.events';

/**
 * Publishes an answer's events without making the producer wait on each one. Order is kept:
 * every publish goes down the same Redis connection, which runs commands in order, so waiting
 * for the last one (`flush`) waits for all.
 */
export class EventSink {
  private readonly logger = new Logger(EventSink.name);
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly stream: AnswerStream,
    readonly trackId: string,
  ) {}

  emit<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void {
    this.last = this.stream.publish(this.trackId, event, data).catch((error: Error) => {
      this.logger.warn(`track ${this.trackId}: could not publish ${event}: ${error.message}`);
    });
  }

  async flush(): Promise<void> {
    await this.last;
  }
}
