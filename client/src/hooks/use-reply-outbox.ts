import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/http';
import { queryKeys } from '../api/query-keys';
import { replyToSession, type SessionTranscript } from '../api/widgets';
import { errorMessage } from '../lib/error-messages';
import type { OutboxItem } from '../pages/live-support/live-messages';
import { withMessage } from '../pages/live-support/live-sessions';

let nextLocalId = 1;

/** Why a reply was refused, in words for the failed bubble. */
function replyError(error: unknown): string {
  // Someone handed it back meanwhile.
  if (error instanceof ApiError && error.code === 'SESSION_NOT_TAKEN_OVER') return 'the AI has this conversation again; take over to reply';
  if (error instanceof ApiError && error.code === 'NOT_FOUND') return 'this conversation no longer exists';
  return errorMessage(error).replace(/\.$/, '');
}

/**
 * The operator's replies on their way: each shows at once as "Sending…", becomes the stored
 * message when the server confirms it, or stays as "Not sent" with Retry. Kept per session while
 * the console is open.
 */
export function useReplyOutbox(widgetId: string | undefined, sessionId: string | undefined) {
  const queryClient = useQueryClient();
  const [outbox, setOutbox] = useState<Record<string, OutboxItem[]>>({});
  const key = `${widgetId}/${sessionId}`;

  const deliver = useCallback(
    (item: OutboxItem) => {
      if (!widgetId || !sessionId) return;
      const itemsKey = `${widgetId}/${sessionId}`;
      const update = (change: (items: OutboxItem[]) => OutboxItem[]) =>
        setOutbox((current) => ({ ...current, [itemsKey]: change(current[itemsKey] ?? []) }));
      update((items) => [...items.filter((existing) => existing.localId !== item.localId), { ...item, state: 'sending', error: undefined }]);
      replyToSession(widgetId, sessionId, item.text).then(
        (message) => {
          queryClient.setQueryData<SessionTranscript>(queryKeys.widgets.transcript(widgetId, sessionId), (transcript) => withMessage(transcript, message));
          update((items) => items.filter((existing) => existing.localId !== item.localId));
        },
        (error: unknown) => {
          update((items) => items.map((existing) => (existing.localId === item.localId ? { ...existing, state: 'failed', error: replyError(error) } : existing)));
          if (error instanceof ApiError && error.code === 'SESSION_NOT_TAKEN_OVER') void queryClient.invalidateQueries({ queryKey: queryKeys.widgets.transcript(widgetId, sessionId) });
        },
      );
    },
    [widgetId, sessionId, queryClient],
  );

  const send = useCallback(
    (text: string) => deliver({ localId: `local-${nextLocalId++}`, text, createdAt: new Date().toISOString(), state: 'sending' }),
    [deliver],
  );

  const discard = useCallback(
    (localId: string) => setOutbox((current) => ({ ...current, [key]: (current[key] ?? []).filter((item) => item.localId !== localId) })),
    [key],
  );

  return { items: outbox[key] ?? [], send, retry: deliver, discard };
}
