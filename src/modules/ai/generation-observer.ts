import { AsyncLocalStorage } from 'node:async_hooks';
import type { FinishReason } from './ai.types';

/**
 * Who hears what a streamed generation says besides its answer: the model's reasoning as it
 * streams, and why it stopped. Whoever runs an answer (the message pipeline) observes the calls
 * made on its behalf, however deep in a capability they are made, without every capability
 * having to pass these along: AiService.streamChat reports to the observer of the current
 * asynchronous context.
 */
export interface GenerationObserver {
  thinking(text: string): void;
  finished(reason: FinishReason): void;
}

const current = new AsyncLocalStorage<GenerationObserver>();

/** Runs `work` with `observer` hearing the reasoning and finish reason of the generations it streams. */
export function observeGenerations<T>(observer: GenerationObserver, work: () => Promise<T>): Promise<T> {
  return current.run(observer, work);
}

/** The observer of the generation being streamed now, if anyone observes it. */
export function generationObserver(): GenerationObserver | undefined {
  return current.getStore();
}
