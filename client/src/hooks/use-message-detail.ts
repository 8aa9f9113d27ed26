import { useQuery } from '@tanstack/react-query';
import { fetchMessage, type MessageStatus } from '../api/chats';
import { queryKeys } from '../api/query-keys';

const FINAL: ReadonlySet<MessageStatus> = new Set(['complete', 'stopped', 'failed']);

/** A message with its task records and files (the cards of an answer after a reload). */
export function useMessageDetail(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.messages.detail(id),
    queryFn: ({ signal }) => fetchMessage(id, signal),
    enabled,
    // A finished answer never changes.
    staleTime: (query) => (query.state.data && FINAL.has(query.state.data.status) ? Infinity : 0),
  });
}
