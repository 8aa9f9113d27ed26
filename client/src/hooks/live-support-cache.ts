import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { SessionTranscript, WidgetSession } from '../api/widgets';
import { patchSession, upsertSession } from '../pages/live-support/live-sessions';

/**
 * Cache patches for live support: realtime publications change the cached session lists and
 * transcripts in place, so a message never makes anyone refetch a whole list.
 */

/** A session as the server now has it: its list row and its open transcript's header. */
export function putSession(queryClient: QueryClient, session: WidgetSession): void {
  queryClient.setQueryData<WidgetSession[]>(queryKeys.widgets.sessions(session.widgetId), (list) => (list ? upsertSession(list, session) : list));
  queryClient.setQueryData<SessionTranscript>(queryKeys.widgets.transcript(session.widgetId, session.id), (transcript) =>
    transcript ? { ...transcript, session } : transcript,
  );
}

/** Only the list row (the transcript's own copy is where this one came from). */
export function putSessionRow(queryClient: QueryClient, session: WidgetSession): void {
  queryClient.setQueryData<WidgetSession[]>(queryKeys.widgets.sessions(session.widgetId), (list) => (list ? upsertSession(list, session) : list));
}

/** Part of a session changed (its mode after a takeover, its unread count after reading). */
export function changeSession(queryClient: QueryClient, widgetId: string, sessionId: string, change: Partial<WidgetSession>): void {
  queryClient.setQueryData<WidgetSession[]>(queryKeys.widgets.sessions(widgetId), (list) => (list ? [...patchSession(list, sessionId, change)] : list));
  queryClient.setQueryData<SessionTranscript>(queryKeys.widgets.transcript(widgetId, sessionId), (transcript) =>
    transcript ? { ...transcript, session: { ...transcript.session, ...change } } : transcript,
  );
}

/** Whether the cached list of a widget knows the session (undefined: the list is not loaded). */
export function listHasSession(queryClient: QueryClient, widgetId: string, sessionId: string): boolean | undefined {
  return queryClient.getQueryData<WidgetSession[]>(queryKeys.widgets.sessions(widgetId))?.some((session) => session.id === sessionId);
}
