import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deletePrompt } from '../api/prompts';
import { queryKeys } from '../api/query-keys';

export function useDeletePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePrompt,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.prompts.list() }),
  });
}
