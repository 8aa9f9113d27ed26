import { useQuery } from '@tanstack/react-query';
import { listApiKeys } from '../api/api-keys';
import { queryKeys } from '../api/query-keys';

export function useApiKeys() {
  return useQuery({
    queryKey: queryKeys.apiKeys.list(),
    queryFn: ({ signal }) => listApiKeys(signal),
  });
}
