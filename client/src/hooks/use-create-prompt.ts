import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createPrompt } from '../api/prompts';
import { queryKeys } from '../api/query-keys';

export function useCreatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPrompt,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.prompts.list() }),
  });
}
