import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteAllMemories, type Memory } from '../api/memories';
import { queryKeys } from '../api/query-keys';

export function useDeleteAllMemories() {
  const queryClient = useQueryClient();
  const key = queryKeys.memories.list();
  return useMutation({
    mutationFn: deleteAllMemories,
    onSuccess: () => queryClient.setQueryData<Memory[]>(key, []),
    // A chat may have added one while the request ran.
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
