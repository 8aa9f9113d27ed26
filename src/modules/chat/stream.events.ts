import type { StreamEventName } from '../../contracts/stream-events';

/**
 * The SSE events of one answer (docs/api.md): the wire types are the contract's, shared with the
 * SPA and the widget, so what the server publishes is what they read.
 */
export type { StreamEventMap, StreamEventName } from '../../contracts/stream-events';

export const TERMINAL_EVENTS: ReadonlySet<string> = new Set<StreamEventName>(['complete', 'error']);
