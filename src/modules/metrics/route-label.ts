import type { HttpRequestLabels } from './metrics.service';

const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Requests no route matched (404s, probes for random paths, SPA deep links): one label for all. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The labels of one request, each from a bounded set whatever the client sends: the route's
 * pattern as registered (`/api/v1/chats/:id`), never the URL it was called with; unknown methods
 * as OTHER; the status as its class (`2xx`).
 */
export function httpRequestLabels(method: string, routePattern: string | undefined, statusCode: number): HttpRequestLabels {
  return {
    method: KNOWN_METHODS.has(method) ? method : 'OTHER',
    route: routePattern || UNMATCHED_ROUTE,
    statusClass: statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other',
  };
}
