import { useMutation, useQueryClient } from '@tanstack/react-query';
import { updateModelSettings } from '../api/models';
import { queryKeys } from '../api/query-keys';

export function useUpdateModelSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateModelSettings,
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.models.settings(), settings),
  });
}
