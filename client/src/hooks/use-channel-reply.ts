import { useMutation, useMutationState, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback } from 'react';
import { sendChannelReply, type Message } from '../api/chats';
import { queryKeys } from '../api/query-keys';
import { replyError, withStoredMessage } from '../lib/channel-conversations';

interface ReplyInput {
  chatId: string;
  text: string;
}

/** A person's reply not stored yet: on its way, or refused (`error` says why). */
export interface OutgoingReply {
  id: number;
  text: string;
  error: string | null;
}

/**
 * A person's replies to a WhatsApp or e-mail chat (`POST /chats/:id/replies`). Each shows at once
 * as on its way; once stored it is the chat's operator message like any other; a refused one stays
 * with why, to send again or discard. The replies are the mutation cache's own records, so they
 * outlive switching chats, and one chat's replies are sent one after another, in the order written.
 */
export function useChannelReply(chatId: string | undefined) {
  const queryClient = useQueryClient();
  const mutationKey = queryKeys.chats.replies(chatId ?? '');
  const { mutate } = useMutation({
    mutationKey,
    scope: { id: mutationKey.join(':') },
    // A refused reply is kept until it is sent again or discarded (sent ones are dropped on the next send).
    gcTime: Infinity,
    mutationFn: ({ chatId: id, text }: ReplyInput) => sendChannelReply(id, text),
    onSuccess: (message) => {
      queryClient.setQueryData<InfiniteData<Message[]>>(queryKeys.chats.messages(message.chatId), (data) => withStoredMessage(data, message));
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.deliveries(message.chatId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
    },
  });

  const outgoing = useMutationState({
    filters: { mutationKey, predicate: (mutation) => mutation.state.status !== 'success' },
    select: (mutation): OutgoingReply => ({
      id: mutation.mutationId,
      text: (mutation.state.variables as ReplyInput).text,
      error: mutation.state.status === 'error' ? replyError(mutation.state.error) : null,
    }),
  });

  const take = useCallback(
    (id: number) => {
      const cache = queryClient.getMutationCache();
      const mutation = cache.findAll({ mutationKey: queryKeys.chats.allReplies() }).find((candidate) => candidate.mutationId === id);
      if (mutation) cache.remove(mutation);
      return mutation?.state.variables as ReplyInput | undefined;
    },
    [queryClient],
  );

  const send = useCallback(
    (text: string) => {
      if (!chatId) return;
      const cache = queryClient.getMutationCache();
      for (const sent of cache.findAll({ mutationKey: queryKeys.chats.allReplies(), status: 'success' })) cache.remove(sent);
      mutate({ chatId, text });
    },
    [chatId, queryClient, mutate],
  );

  const retry = useCallback(
    (id: number) => {
      const input = take(id);
      if (input) mutate(input);
    },
    [take, mutate],
  );

  const discard = useCallback((id: number) => void take(id), [take]);

  return { outgoing, send, retry, discard };
}
