import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createApiKey } from '../api/api-keys';
import { queryKeys } from '../api/query-keys';

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    // The result holds the plain key: drop it from memory as soon as no screen shows it.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list() }),
  });
}
