import { useMutation, useQueryClient } from '@tanstack/react-query';
import { restoreDefaultPrompt } from '../api/prompts';
import { queryKeys } from '../api/query-keys';

export function useRestorePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreDefaultPrompt,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.prompts.list() }),
  });
}
