import { useMutation, useQueryClient } from '@tanstack/react-query';
import { handBackSession, takeOverSession } from '../api/widgets';
import { putSession } from './live-support-cache';

interface SessionRef {
  widgetId: string;
  sessionId: string;
}

/**
 * Taking a session over from the AI (it stops answering, even mid-answer) and handing it back.
 * Both are idempotent on the server; the answer is the session as it now is.
 */
export function useSessionHandoff() {
  const queryClient = useQueryClient();
  const takeOver = useMutation({
    mutationFn: ({ widgetId, sessionId }: SessionRef) => takeOverSession(widgetId, sessionId),
    onSuccess: (session) => putSession(queryClient, session),
  });
  const handBack = useMutation({
    mutationFn: ({ widgetId, sessionId }: SessionRef) => handBackSession(widgetId, sessionId),
    onSuccess: (session) => putSession(queryClient, session),
  });
  return { takeOver, handBack };
}
