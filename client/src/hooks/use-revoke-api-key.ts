import { useMutation, useQueryClient } from '@tanstack/react-query';
import { revokeApiKey, type ApiKey } from '../api/api-keys';
import { queryKeys } from '../api/query-keys';

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: (_result, id) =>
      queryClient.setQueryData<ApiKey[]>(queryKeys.apiKeys.list(), (keys) => keys?.filter((key) => key.id !== id)),
    // Also after a failure: a NOT_FOUND means the list we show is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list() }),
  });
}
