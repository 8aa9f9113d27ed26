import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../api/auth';
import { queryKeys } from '../api/query-keys';
import { useAuthTokens } from './use-auth-tokens';

export function useMe() {
  const tokens = useAuthTokens();
  return useQuery({
    queryKey: queryKeys.auth.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: tokens !== null,
    staleTime: 5 * 60_000,
  });
}
