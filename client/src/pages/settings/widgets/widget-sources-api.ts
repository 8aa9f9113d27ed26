import type { WidgetSource, WidgetSourceState } from '../../../../../src/contracts/widgets';
import { request } from '../../../api/http';
import type { Publication } from '../../../api/realtime';

/** A website the widget answers from: the server's contract (src/contracts). */
export type { WidgetSource, WidgetSourceState } from '../../../../../src/contracts/widgets';

const sourcesPath = (widgetId: string) => `/widgets/${encodeURIComponent(widgetId)}/sources`;
const sourcePath = (widgetId: string, id: string) => `${sourcesPath(widgetId)}/${encodeURIComponent(id)}`;

/** Newest first. */
export function listWidgetSources(widgetId: string, signal?: AbortSignal): Promise<WidgetSource[]> {
  return request(sourcesPath(widgetId), { signal });
}

/** Adds a website and queues its crawl; refused with URL_NOT_ALLOWED when it is not a public http(s) address. */
export function addWidgetSource({ widgetId, url }: { widgetId: string; url: string }): Promise<WidgetSource> {
  return request(sourcesPath(widgetId), { method: 'POST', body: { url } });
}

export function recrawlWidgetSource({ widgetId, id }: { widgetId: string; id: string }): Promise<WidgetSource> {
  return request(`${sourcePath(widgetId, id)}/crawl`, { method: 'POST' });
}

export function deleteWidgetSource({ widgetId, id }: { widgetId: string; id: string }): Promise<void> {
  return request(sourcePath(widgetId, id), { method: 'DELETE' });
}

const STATES: ReadonlySet<string> = new Set<WidgetSourceState>(['queued', 'crawling', 'done', 'failed']);

/** A user-channel publication as the source it announces (`widget.source.updated` carries the whole source), or null for any other. */
export function widgetSourceEventOf(publication: Publication): WidgetSource | null {
  const data = publication.data as Partial<WidgetSource> | null;
  if (publication.type !== 'widget.source.updated' || typeof data?.id !== 'string' || typeof data.widgetId !== 'string' || !STATES.has(data.state ?? '')) return null;
  return data as WidgetSource;
}
