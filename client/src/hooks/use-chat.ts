import { useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { fetchChat, type Chat } from '../api/chats';
import { queryKeys } from '../api/query-keys';

/**
 * One chat (its title and channel): at once from the sidebar's list when it is there, else
 * fetched, so a chat opened by link is known for what it is too.
 */
export function useChat(chatId: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.chats.detail(chatId ?? ''),
    queryFn: ({ signal }) => fetchChat(chatId ?? '', signal),
    enabled: chatId !== undefined,
    initialData: () =>
      queryClient
        .getQueryData<InfiniteData<Chat[]>>(queryKeys.chats.list())
        ?.pages.flat()
        .find((chat) => chat.id === chatId),
    initialDataUpdatedAt: () => queryClient.getQueryState(queryKeys.chats.list())?.dataUpdatedAt,
  });
}
