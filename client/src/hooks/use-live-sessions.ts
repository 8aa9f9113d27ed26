import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queryKeys } from '../api/query-keys';
import { listWidgetSessions, widgetChannels, type OperatorNotification, type WidgetSession } from '../api/widgets';
import { mergeSessions } from '../pages/live-support/live-sessions';
import { listHasSession, putSession } from './live-support-cache';
import { useChannels } from './use-channels';
import { useRealtimeStatus } from './use-realtime-status';

/** Without a live socket the lists are polled this often instead. */
const POLL_MS = 30_000;
/** A notice about a session the list lacks, with no row update after this long: reload that list. */
const UNKNOWN_SESSION_GRACE_MS = 2_000;

const OPERATORS_PREFIX = 'widget:operators.';

/**
 * The sessions of the given widgets, kept current by following `widget:operators.<wid>` for each:
 * `session` publications patch the cached lists row by row, and `notification` publications go to
 * `onNotification` (alerts). A list is reloaded only when publications may have been missed.
 */
export function useLiveSessions(widgetIds: readonly string[], onNotification: (widgetId: string, notification: OperatorNotification) => void) {
  const queryClient = useQueryClient();
  const realtime = useRealtimeStatus();
  const timers = useRef(new Set<number>());
  /** Widgets whose channel the server refused: their lists are polled until it is followed. */
  const [refused, setRefused] = useState<ReadonlySet<string>>(new Set());
  const setRefusedFor = (widgetId: string, value: boolean) =>
    setRefused((current) => {
      if (current.has(widgetId) === value) return current;
      const next = new Set(current);
      if (value) next.add(widgetId);
      else next.delete(widgetId);
      return next;
    });

  const lists = useQueries({
    queries: widgetIds.map((widgetId) => {
      const polling = realtime !== 'live' || refused.has(widgetId);
      return {
        queryKey: queryKeys.widgets.sessions(widgetId),
        queryFn: ({ signal }: { signal: AbortSignal }) => listWidgetSessions(widgetId, signal),
        staleTime: polling ? POLL_MS : Infinity,
        refetchInterval: polling ? POLL_MS : (false as const),
        refetchOnWindowFocus: polling,
      };
    }),
  });

  useChannels(
    widgetIds.map((widgetId) => widgetChannels.operators(widgetId)),
    {
      onPublication: (publication) => {
        const widgetId = publication.channel.slice(OPERATORS_PREFIX.length);
        if (publication.type === 'session') {
          const session = publication.data as WidgetSession;
          if (typeof session?.id === 'string') putSession(queryClient, { ...session, widgetId: session.widgetId || widgetId });
        } else if (publication.type === 'notification') {
          const notification = publication.data as OperatorNotification;
          if (typeof notification?.sessionId !== 'string') return;
          onNotification(widgetId, notification);
          // Its row normally arrives as a `session` publication; if not, the list is out of date.
          const timer = window.setTimeout(() => {
            timers.current.delete(timer);
            if (listHasSession(queryClient, widgetId, notification.sessionId) === false) {
              void queryClient.invalidateQueries({ queryKey: queryKeys.widgets.sessions(widgetId) });
            }
          }, UNKNOWN_SESSION_GRACE_MS);
          timers.current.add(timer);
        }
      },
      // The operators channel keeps no history: after any (re)subscription the list is reloaded.
      onResync: (channel) => {
        const widgetId = channel.slice(OPERATORS_PREFIX.length);
        setRefusedFor(widgetId, false);
        void queryClient.invalidateQueries({ queryKey: queryKeys.widgets.sessions(widgetId) });
      },
      onRefused: (channel) => setRefusedFor(channel.slice(OPERATORS_PREFIX.length), true),
    },
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) window.clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const data = lists.map((list) => list.data);
  // A few hundred rows at most: merged on each render rather than memoized on a key that could miss a change.
  const sessions = mergeSessions(data);

  return {
    sessions,
    /** Per widget, in the order given. */
    byWidget: new Map<string, WidgetSession[] | undefined>(widgetIds.map((id, index) => [id, data[index]])),
    isPending: lists.some((list) => list.isPending),
    /** Some widget's live updates were refused: its list is polled instead. */
    partlyLive: refused.size > 0,
    error: lists.find((list) => list.isError)?.error ?? null,
    refetch: () => lists.forEach((list) => void list.refetch()),
  };
}
