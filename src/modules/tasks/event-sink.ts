import { Logger } from '@nestjs/common';
import type { AnswerStream } from '../chat/answer-stream';
import type { StreamEventMap, StreamEventName } from '../chat/stream.events';

/** Whatever takes an answer's events: the track itself, or a holding pen in front of it. */
export interface AnswerEvents {
  emit<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void;
}

type HeldEvent = { [E in StreamEventName]: [E, StreamEventMap[E]] }[StreamEventName];

/**
 * Events made before it is known whether anyone may see them (an answer started on a guess, a
 * turn not yet committed): kept in order, then released into their destination, which takes every
 * later one directly, or dropped, with every later one.
 */
export class HeldEvents implements AnswerEvents {
  private held: HeldEvent[] | null = [];
  private destination: AnswerEvents | null = null;

  emit<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void {
    if (this.destination) this.destination.emit(event, data);
    else this.held?.push([event, data] as HeldEvent);
  }

  release(destination: AnswerEvents): void {
    for (const [event, data] of this.held ?? []) destination.emit(event, data);
    this.held = null;
    this.destination = destination;
  }

  drop(): void {
    this.held = null;
  }
}

/**
 * Publishes an answer's events without making the producer wait on each one. Order is kept:
 * every publish goes down the same Redis connection, which runs commands in order, so waiting
 * for the last one (`flush`) waits for all. Times the answer from its creation (a worker taking
 * the message) to the first chunk and to `complete` as published, which is when they are shown:
 * held events count when released.
 */
export class EventSink implements AnswerEvents {
  private readonly logger = new Logger(EventSink.name);
  private last: Promise<unknown> = Promise.resolve();
  private holding: HeldEvents | null = null;
  private settling: Promise<unknown> = Promise.resolve();
  private readonly createdAt = performance.now();
  private chunkPublished = false;
  private muted = false;

  constructor(
    private readonly stream: AnswerStream,
    readonly trackId: string,
  ) {}

  emit<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void {
    if (this.holding) this.holding.emit(event, data);
    else this.publish(event, data);
  }

  /** Drops this and every later event, held ones included: the track is another run's now (MessagePipeline.supersede). */
  silence(): void {
    this.muted = true;
  }

  get silenced(): boolean {
    return this.muted;
  }

  /**
   * Holds every event until `shown` settles: published in order if it resolves true; dropped if
   * it resolves false or fails. Either way, later events are published as they come.
   */
  holdUntil(shown: Promise<boolean>): void {
    const holding = new HeldEvents();
    this.holding = holding;
    const settle = (show: boolean): void => {
      if (this.holding === holding) this.holding = null;
      if (show) holding.release({ emit: (event, data) => this.publish(event, data) });
      else holding.drop();
    };
    this.settling = shown.then(settle, () => settle(false));
  }

  /** Waits until every event emitted so far is published (or dropped by a hold). */
  async flush(): Promise<void> {
    await this.settling;
    await this.last;
  }

  private publish<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void {
    if (this.muted) return;
    this.timeAnswer(event);
    this.last = this.stream.publish(this.trackId, event, data).catch((error: Error) => {
      this.logger.warn(`track ${this.trackId}: could not publish ${event}: ${error.message}`);
    });
  }

  private timeAnswer(event: StreamEventName): void {
    const seconds = (performance.now() - this.createdAt) / 1000;
    if (event === 'chunk' && !this.chunkPublished) {
      this.chunkPublished = true;
      this.stream.observeAnswerTime('first_token', seconds);
    } else if (event === 'complete') {
      this.stream.observeAnswerTime('answer', seconds);
    }
  }
}
