import { useMutation, useQueryClient } from '@tanstack/react-query';
import { updatePrompt } from '../api/prompts';
import { queryKeys } from '../api/query-keys';

/** A user's edit of a system prompt comes back as a new (override) prompt: the list is refetched. */
export function useUpdatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePrompt,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.prompts.list() }),
  });
}
