import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Chat } from '../api/chats';
import { queryKeys } from '../api/query-keys';
import { followUserChannel, userEventOf, type UserEvent } from '../api/realtime';
import { isFinished } from '../lib/answer-state';
import { isExternalChannel } from '../lib/channel-conversations';
import { getAnswer } from '../lib/live-answers';
import { useAuthTokens } from './use-auth-tokens';
import { useMe } from './use-me';

/**
 * Keeps this tab current with what the user does in their other tabs and devices: follows
 * `user:<me>` on the realtime socket while signed in, and on each event refetches (or patches)
 * the queries it concerns. Use it once, where every signed-in page passes; logging out (or
 * leaving) closes the socket.
 */
export function useUserChannel(): void {
  const queryClient = useQueryClient();
  const signedIn = useAuthTokens() !== null;
  const me = useMe();
  const userId = signedIn ? me.data?.id : undefined;

  useEffect(() => {
    if (!userId) return;
    return followUserChannel(userId, {
      onPublication: (publication) => {
        const event = userEventOf(publication);
        if (event) apply(queryClient, event);
      },
      onResync: () => void queryClient.invalidateQueries({ queryKey: queryKeys.chats.all() }),
    });
  }, [userId, queryClient]);
}

function apply(queryClient: QueryClient, event: UserEvent): void {
  const { chatId } = event.data;
  switch (event.type) {
    case 'chat.created':
    case 'chat.updated':
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.detail(chatId) });
      // A person replied to a WhatsApp or e-mail conversation (here or in another tab): nothing
      // else announces that message, and it has a delivery to follow.
      if (event.type === 'chat.updated' && isConversation(queryClient, chatId)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.chats.deliveries(chatId) });
        if (!isStreamingHere(chatId)) void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
      }
      return;
    case 'chat.deleted':
      queryClient.setQueryData<InfiniteData<Chat[]>>(queryKeys.chats.list(), (data) =>
        data ? { ...data, pages: data.pages.map((page) => page.filter((chat) => chat.id !== chatId)) } : data,
      );
      // A tab showing the chat refetches and finds it gone.
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
      return;
    case 'message.started':
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
      // The tab that sent it already streams it; the others load the pending answer and attach to its track.
      if (!isStreamingHere(chatId)) void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
      return;
    case 'message.completed':
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.messages.detail(event.data.messageId) });
      // A WhatsApp or e-mail answer is queued for delivery as it is stored.
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.deliveries(chatId) });
      return;
    case 'message.delivery':
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats.deliveries(chatId) });
      return;
  }
}

/** Whether this tab knows the chat as a WhatsApp or e-mail conversation (it is shown or listed here). */
function isConversation(queryClient: QueryClient, chatId: string): boolean {
  const chat =
    queryClient.getQueryData<Chat>(queryKeys.chats.detail(chatId)) ??
    queryClient
      .getQueryData<InfiniteData<Chat[]>>(queryKeys.chats.list())
      ?.pages.flat()
      .find((listed) => listed.id === chatId);
  return chat !== undefined && isExternalChannel(chat.channel);
}

/** Whether this tab is itself following an unfinished answer in the chat. */
function isStreamingHere(chatId: string): boolean {
  const answer = getAnswer(chatId);
  return answer !== null && !isFinished(answer);
}
