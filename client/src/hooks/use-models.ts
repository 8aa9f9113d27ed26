import { useQuery } from '@tanstack/react-query';
import { listModels } from '../api/models';
import { queryKeys } from '../api/query-keys';

export function useModels() {
  return useQuery({
    queryKey: queryKeys.models.list(),
    queryFn: ({ signal }) => listModels(signal),
    staleTime: 5 * 60_000,
  });
}
