import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http';
import { updateMemory, type Memory } from '../api/memories';
import { queryKeys } from '../api/query-keys';
import { withSavedMemory } from '../lib/memories';

/** Saves an edit; the list shows it when the server has it (a clash with another memory is refused). */
export function useUpdateMemory() {
  const queryClient = useQueryClient();
  const key = queryKeys.memories.list();
  return useMutation({
    mutationFn: updateMemory,
    onSuccess: (updated) => queryClient.setQueryData<Memory[]>(key, (list) => list && withSavedMemory(list, updated)),
    // Gone meanwhile (deleted in another tab, by "Delete all"): the list is out of date.
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
