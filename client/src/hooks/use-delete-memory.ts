import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteMemory, type Memory } from '../api/memories';
import { queryKeys } from '../api/query-keys';

/**
 * Deletes a memory at once (the list drops it before the server answers and puts it back if the
 * delete fails). Deleting is not deferred for an undo: what the user removed must be gone even if
 * they close the tab the next moment; undo adds it again instead.
 */
export function useDeleteMemory() {
  const queryClient = useQueryClient();
  const key = queryKeys.memories.list();
  return useMutation({
    mutationFn: (memory: Memory) => deleteMemory(memory.id),
    onMutate: async (memory) => {
      await queryClient.cancelQueries({ queryKey: key });
      const index = queryClient.getQueryData<Memory[]>(key)?.findIndex((candidate) => candidate.id === memory.id) ?? -1;
      queryClient.setQueryData<Memory[]>(key, (list) => list?.filter((candidate) => candidate.id !== memory.id));
      return { index };
    },
    // Only this memory goes back, where it was: other changes made meanwhile stay.
    onError: (_error, memory, context) =>
      queryClient.setQueryData<Memory[]>(key, (list) =>
        list && !list.some((candidate) => candidate.id === memory.id) ? list.toSpliced(Math.max(0, context?.index ?? 0), 0, memory) : list,
      ),
  });
}
