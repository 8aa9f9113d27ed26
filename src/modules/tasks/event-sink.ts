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

/** Events whose data only adds text to the one before it of the same kind (and step). */
const APPENDABLE: ReadonlySet<StreamEventName> = new Set<StreamEventName>(['chunk', 'thinking', 'task_chunk']);

/** `next` added to `earlier` as one event, when both are the same appendable kind (and step). */
function appended(earlier: HeldEvent, next: HeldEvent): HeldEvent | null {
  if (earlier[0] === 'chunk' && next[0] === 'chunk') return ['chunk', { text: earlier[1].text + next[1].text }];
  if (earlier[0] === 'thinking' && next[0] === 'thinking') return ['thinking', { text: earlier[1].text + next[1].text }];
  if (earlier[0] === 'task_chunk' && next[0] === 'task_chunk' && earlier[1].nodeId === next[1].nodeId) {
    return ['task_chunk', { nodeId: earlier[1].nodeId, chunk: earlier[1].chunk + next[1].chunk }];
  }
  return null;
}

/**
 * Publishes an answer's events without making the producer wait on each one. Order is kept:
 * every publish goes down the same Redis connection, which runs commands in order, so waiting
 * for the last one (`flush`) waits for all. Text that arrives faster than Redis stores it (a model
 * streaming a burst of tokens) travels in fewer events: while one appendable event (`chunk`,
 * `thinking`, `task_chunk`) is being published, the next ones of its kind are joined and follow
 * as one when it is stored. The first always goes at once, so joining never delays text that
 * would have been shown sooner; it spares Redis, every node following the track and every client
 * an entry, a message and a frame per token. Times the answer from its creation (a worker taking
 * the message) to the first chunk and to `complete` as published, which is when they are shown:
 * held events count when released.
 */
export class EventSink implements AnswerEvents {
  private readonly logger = new Logger(EventSink.name);
  private last: Promise<unknown> = Promise.resolve();
  /** The latest appendable event's publish, until Redis has stored it. */
  private appending: Promise<unknown> | null = null;
  /** Appendable text that waits for `appending`, joined into one event. */
  private joined: HeldEvent | null = null;
  private holding: HeldEvents | null = null;
  private settling: Promise<unknown> = Promise.resolve();
  private readonly createdAt = performance.now();
  private chunkPublished = false;
  private showText!: () => void;
  private muted = false;
  /** Resolves as the answer's first text goes out to its track (held text: as it is released). */
  readonly textShown = new Promise<void>((resolve) => (this.showText = resolve));

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
    this.joined = null;
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
    this.sendJoined();
    await this.last;
  }

  private publish<E extends StreamEventName>(event: E, data: StreamEventMap[E]): void {
    if (this.muted) return;
    const next = [event, data] as HeldEvent;
    if (!APPENDABLE.has(event)) {
      this.sendJoined();
      this.send(next);
      return;
    }
    const joined = this.joined && appended(this.joined, next);
    if (joined) this.joined = joined;
    else if (this.joined || this.appending) {
      this.sendJoined();
      this.joined = next;
    } else this.send(next);
  }

  private sendJoined(): void {
    const joined = this.joined;
    this.joined = null;
    if (joined) this.send(joined);
  }

  private send([event, data]: HeldEvent): void {
    this.timeAnswer(event);
    const published = this.stream.publish(this.trackId, event, data).catch((error: Error) => {
      this.logger.warn(`track ${this.trackId}: could not publish ${event}: ${error.message}`);
    });
    this.last = published;
    if (!APPENDABLE.has(event)) return;
    this.appending = published;
    void published.then(() => {
      if (this.appending !== published) return;
      this.appending = null;
      this.sendJoined();
    });
  }

  private timeAnswer(event: StreamEventName): void {
    const seconds = (performance.now() - this.createdAt) / 1000;
    if (event === 'chunk' && !this.chunkPublished) {
      this.chunkPublished = true;
      this.showText();
      this.stream.observeAnswerTime('first_token', seconds);
    } else if (event === 'complete') {
      this.stream.observeAnswerTime('answer', seconds);
    }
  }
}
