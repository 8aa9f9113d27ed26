import { HeldEvents, type AnswerEvents } from './event-sink';

/** A speculative answer the decision kept: its held events go out, then it carries on as the answer. */
export interface KeptAnswer<D, T> {
  draft: D;
  answering: Promise<T>;
  release(destination: AnswerEvents): void;
}

/**
 * An answer started on a guess while the real decision is still being made (the AI sorter's, see
 * RoutingService.classify). It runs with a draft of its own and its events held back, so nothing
 * of it is seen until the decision keeps it; a discarded one is aborted and its events dropped.
 * What a wrong guess costs is the model tokens it used before it was discarded.
 */
export class SpeculativeAnswer<G, D, T> {
  private readonly held = new HeldEvents();
  private readonly discarded = new AbortController();
  private readonly draft: D;
  private readonly answering: Promise<T>;

  constructor(
    readonly guess: G,
    signal: AbortSignal,
    start: (events: AnswerEvents, signal: AbortSignal) => { draft: D; answering: Promise<T> },
  ) {
    ({ draft: this.draft, answering: this.answering } = start(this.held, AbortSignal.any([signal, this.discarded.signal])));
    // Until it is kept nobody waits on it, and a discarded guess's failure (its abort) concerns nobody.
    this.answering.catch(() => undefined);
  }

  /** Keeps the answer when the decision agrees with the guess; else discards it. */
  keepIf(agrees: boolean): KeptAnswer<D, T> | undefined {
    if (agrees) return { draft: this.draft, answering: this.answering, release: (destination) => this.held.release(destination) };
    this.held.drop();
    this.discarded.abort();
    return undefined;
  }
}
