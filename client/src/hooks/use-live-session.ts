import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { queryKeys } from '../api/query-keys';
import { fetchSessionTranscript, markSessionRead, widgetChannels, type SessionTranscript, type WidgetMessage, type WidgetSession } from '../api/widgets';
import { isWriting, withMessage } from '../pages/live-support/live-sessions';
import { changeSession, putSessionRow } from './live-support-cache';
import { useChannel } from './use-channel';
import { useRealtimeStatus } from './use-realtime-status';

/** A visitor's draft with no update for this long is dropped (they may have closed the page). */
const DRAFT_STALE_MS = 10_000;
/** Without live updates the open transcript is polled this often (only while the tab is visible). */
const POLL_MS = 10_000;
/** Messages arriving together are marked read once. */
const READ_DELAY_MS = 800;

export type LiveSession = ReturnType<typeof useLiveSession>;

export interface VisitorDraft {
  text: string;
  at: number;
}

/**
 * The open session of the live support console: its transcript (loading it marks it read), kept
 * current by `widget:session.<wid>.<sid>` (messages, answers starting, takeover, handback,
 * handoff, presence) and `widgettyping:<wid>.<sid>` (the visitor's draft). Messages arriving while
 * it is open and the tab is visible mark it read again.
 */
export function useLiveSession(widgetId: string | undefined, sessionId: string | undefined) {
  const queryClient = useQueryClient();
  const open = widgetId !== undefined && sessionId !== undefined;
  const key = queryKeys.widgets.transcript(widgetId ?? '', sessionId ?? '');
  const [presence, setPresence] = useState<{ key: string; operators: number } | null>(null);
  const [draft, setDraft] = useState<(VisitorDraft & { key: string }) | null>(null);
  /** The session channel was refused (or the socket is down): the transcript is polled instead. */
  const [refusedKey, setRefusedKey] = useState<string | null>(null);
  const realtime = useRealtimeStatus();
  const readTimer = useRef<number | undefined>(undefined);
  const sessionKey = `${widgetId}/${sessionId}`;

  const transcript = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchSessionTranscript(widgetId ?? '', sessionId ?? '', signal),
    enabled: open,
    // Opening a session always loads it (which also marks it read); the channel keeps it current.
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchInterval: realtime !== 'live' || refusedKey === `${widgetId}/${sessionId}` ? POLL_MS : false,
  });

  // The list row learns what the transcript says (read now, its mode …).
  const loaded = transcript.data?.session;
  useEffect(() => {
    if (loaded) putSessionRow(queryClient, { ...loaded, unread: 0 });
  }, [loaded, queryClient]);

  const markRead = useCallback(() => {
    if (!widgetId || !sessionId) return;
    window.clearTimeout(readTimer.current);
    readTimer.current = window.setTimeout(() => {
      if (document.hidden) return;
      changeSession(queryClient, widgetId, sessionId, { unread: 0 });
      // Best effort: a failure only leaves the count up until the next read.
      markSessionRead(widgetId, sessionId).catch(() => undefined);
    }, READ_DELAY_MS);
  }, [widgetId, sessionId, queryClient]);

  useEffect(() => () => window.clearTimeout(readTimer.current), [sessionKey]);

  // Coming back to the tab reads what arrived meanwhile.
  useEffect(() => {
    if (!widgetId || !sessionId) return;
    const onVisible = () => {
      if (document.hidden) return;
      const row = queryClient.getQueryData<WidgetSession[]>(queryKeys.widgets.sessions(widgetId))?.find((session) => session.id === sessionId);
      if (row && row.unread > 0) markRead();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [widgetId, sessionId, queryClient, markRead]);

  const patchTranscript = (change: (transcript: SessionTranscript) => SessionTranscript) =>
    queryClient.setQueryData<SessionTranscript>(key, (current) => (current ? change(current) : current));

  useChannel(open ? widgetChannels.session(widgetId, sessionId) : null, {
    onPublication: (publication) => {
      if (!widgetId || !sessionId) return;
      const data = publication.data as Record<string, unknown> | null;
      switch (publication.type) {
        case 'message': {
          const message = data as unknown as WidgetMessage;
          if (typeof message?.id !== 'string') return;
          queryClient.setQueryData<SessionTranscript>(key, (current) => withMessage(current, message));
          if (message.role === 'visitor') {
            setDraft(null);
            markRead();
          }
          return;
        }
        case 'answer': {
          const messageId = data?.messageId;
          const trackId = data?.trackId;
          if (typeof messageId !== 'string' || typeof trackId !== 'string') return;
          patchTranscript((current) => {
            const known = current.messages.find((message) => message.id === messageId);
            // A finished copy (recovered after the fact) wins over the start of the stream.
            if (known && !isWriting(known)) return current;
            const writing: WidgetMessage = { id: messageId, role: 'ai', text: '', createdAt: new Date(publication.ts).toISOString(), status: 'streaming', trackId };
            return withMessage(current, known ? { ...known, status: known.status ?? 'streaming', trackId } : writing) ?? current;
          });
          return;
        }
        case 'takeover':
          changeSession(queryClient, widgetId, sessionId, { mode: 'human', operatorName: typeof data?.operatorName === 'string' ? data.operatorName : null });
          return;
        case 'handback':
          changeSession(queryClient, widgetId, sessionId, { mode: 'ai', operatorName: null });
          return;
        case 'handoff':
          changeSession(queryClient, widgetId, sessionId, { mode: 'waiting' });
          return;
        case 'presence':
          if (typeof data?.operators === 'number') setPresence({ key: sessionKey, operators: data.operators });
          return;
      }
    },
    // History no longer reaches back (or this is the first subscription): reload the transcript.
    onResync: () => {
      setRefusedKey(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onRefused: () => setRefusedKey(sessionKey),
  });

  useChannel(open ? widgetChannels.typing(widgetId, sessionId) : null, {
    onPublication: (publication) => {
      const data = publication.data as { text?: unknown; from?: unknown } | null;
      if (publication.type !== 'typing' || data?.from !== 'visitor') return;
      const text = typeof data.text === 'string' ? data.text : '';
      setDraft(text.trim() ? { key: sessionKey, text, at: Date.now() } : null);
    },
    onResync: () => setDraft(null),
  });

  // A draft that stops updating fades out.
  useEffect(() => {
    if (!draft) return;
    const timer = window.setTimeout(() => setDraft(null), DRAFT_STALE_MS);
    return () => window.clearTimeout(timer);
  }, [draft]);

  return {
    transcript,
    /** Operators viewing this session (this tab included), as the server last said. */
    operatorsViewing: presence?.key === sessionKey ? presence.operators : null,
    visitorDraft: draft?.key === sessionKey ? (draft as VisitorDraft) : null,
    /** Live updates of this session are not coming (refused, or no socket): it is polled. */
    polled: realtime !== 'live' || refusedKey === sessionKey,
  };
}
