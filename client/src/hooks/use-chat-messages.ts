import { useInfiniteQuery } from '@tanstack/react-query';
import { listMessages, MESSAGES_PAGE_SIZE } from '../api/chats';
import { queryKeys } from '../api/query-keys';

/** A chat's messages, oldest first; earlier pages load on demand. */
export function useChatMessages(chatId: string | undefined) {
  return useInfiniteQuery({
    queryKey: queryKeys.chats.messages(chatId ?? ''),
    queryFn: ({ pageParam, signal }) => listMessages(chatId ?? '', pageParam, signal),
    enabled: chatId !== undefined,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => (lastPage.length < MESSAGES_PAGE_SIZE ? undefined : lastPage[0]?.createdAt),
    // Pages arrive newest first; each page is oldest first.
    select: (data) => data.pages.toReversed().flat(),
    staleTime: 0,
  });
}
