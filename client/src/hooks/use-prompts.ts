import { useQuery } from '@tanstack/react-query';
import { listPrompts } from '../api/prompts';
import { queryKeys } from '../api/query-keys';

export function usePrompts() {
  return useQuery({
    queryKey: queryKeys.prompts.list(),
    queryFn: ({ signal }) => listPrompts(signal),
  });
}
