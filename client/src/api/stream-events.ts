import type { StreamEventMap, StreamEventName } from '../../../src/contracts/stream-events';

/** The SSE events of one answer (docs/api.md): the server's contract (src/contracts), shared with the widget. */
export type { ClassificationSource, PlanNode, StreamEventMap, StreamEventName } from '../../../src/contracts/stream-events';
export type { FileLink } from '../../../src/contracts/files';

/** A source as the `sources` event lists it: the same as a stored citation. */
export type SourceResult = StreamEventMap['sources']['results'][number];

export type StreamEvent = {
  [Name in StreamEventName]: { name: Name; id: string | null; data: StreamEventMap[Name] };
}[StreamEventName];

/** Every event name, as a record so an event added to the contract fails to compile until it is listed. */
const EVENT_NAMES: Record<StreamEventName, true> = {
  started: true,
  classified: true,
  plan: true,
  task_update: true,
  task_chunk: true,
  task_progress: true,
  task_file: true,
  plan_discarded: true,
  sources: true,
  memories: true,
  thinking: true,
  chunk: true,
  reset: true,
  complete: true,
  error: true,
};

export function isStreamEventName(name: string): name is StreamEventName {
  return Object.hasOwn(EVENT_NAMES, name);
}
