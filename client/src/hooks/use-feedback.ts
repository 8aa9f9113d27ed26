import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteFeedback, listFeedback, sendFeedback, type Feedback, type FeedbackKind } from '../api/feedback';
import { queryKeys } from '../api/query-keys';
import { withFeedback } from '../lib/feedback';

/** The user's feedback on one chat's answers: one request for the whole chat, shared by its answers. */
export function useChatFeedback(chatId: string | null) {
  return useQuery({
    queryKey: queryKeys.feedback.chat(chatId ?? ''),
    queryFn: ({ signal }) => listFeedback(chatId ?? '', signal),
    enabled: chatId !== null,
  });
}

/** `kind: null` takes the feedback back. */
export interface FeedbackChange {
  kind: FeedbackKind | null;
  note?: string;
}

/**
 * Sets or removes the feedback on one answer. The thumbs change at once and change back if the
 * server refuses (the caller says why). One answer's changes run one after the other, so a quick
 * 👍 then 👎 can't be stored in the wrong order.
 */
export function useSetFeedback(chatId: string, messageId: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.feedback.chat(chatId);
  const patch = (next: (current: Feedback | null) => Feedback | null) =>
    queryClient.setQueryData<Feedback[]>(key, (list = []) => withFeedback(list, messageId, next(list.find((feedback) => feedback.messageId === messageId) ?? null)));

  return useMutation({
    scope: { id: `feedback:${messageId}` },
    mutationFn: async ({ kind, note }: FeedbackChange): Promise<Feedback | null> => {
      if (kind === null) {
        await deleteFeedback(messageId);
        return null;
      }
      return sendFeedback({ messageId, kind, ...(note ? { note } : {}) });
    },
    onMutate: async ({ kind, note }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Feedback[]>(key)?.find((feedback) => feedback.messageId === messageId) ?? null;
      patch((current) => kind && { messageId, kind, note: note ?? (current?.kind === kind ? current.note : null), updatedAt: new Date().toISOString() });
      return { previous };
    },
    onError: (_error, _change, context) => patch(() => context?.previous ?? null),
    // The server's copy, unless a later click (still on its way) has changed the thumbs again.
    onSuccess: (saved) => {
      if (saved) patch((current) => (current?.kind === saved.kind ? saved : current));
    },
  });
}
