import { useQuery } from '@tanstack/react-query';
import { listMemories } from '../api/memories';
import { queryKeys } from '../api/query-keys';

/** All of the user's memories, newest first. */
export function useMemories() {
  return useQuery({
    queryKey: queryKeys.memories.list(),
    queryFn: ({ signal }) => listMemories(signal),
    // Chats add memories in the background: the page shows the current list whenever it opens.
    staleTime: 0,
  });
}
