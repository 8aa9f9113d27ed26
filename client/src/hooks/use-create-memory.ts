import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createMemory, type Memory } from '../api/memories';
import { queryKeys } from '../api/query-keys';
import { withSavedMemory } from '../lib/memories';

/** Adds a memory (or replaces the one with the same category and key). */
export function useCreateMemory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMemory,
    onSuccess: (created) => queryClient.setQueryData<Memory[]>(queryKeys.memories.list(), (list) => list && withSavedMemory(list, created)),
  });
}
