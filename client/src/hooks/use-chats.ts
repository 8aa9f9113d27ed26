import { useInfiniteQuery } from '@tanstack/react-query';
import { CHATS_PAGE_SIZE, listChats } from '../api/chats';
import { queryKeys } from '../api/query-keys';

/** The user's chats, most recent first, a page at a time. */
export function useChats() {
  return useInfiniteQuery({
    queryKey: queryKeys.chats.list(),
    queryFn: ({ pageParam, signal }) => listChats(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => (lastPage.length < CHATS_PAGE_SIZE ? undefined : lastPage.at(-1)?.lastMessageAt),
    select: (data) => data.pages.flat(),
  });
}
