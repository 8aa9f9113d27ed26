import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { deleteWidget, type Widget } from '../api/widgets';

/** Deletes a widget; its sessions and their conversations go with it. */
export function useDeleteWidget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWidget,
    onSuccess: (_, id) => {
      queryClient.setQueryData<Widget[]>(queryKeys.widgets.list(), (widgets) => widgets?.filter((widget) => widget.id !== id));
      queryClient.removeQueries({ queryKey: queryKeys.widgets.of(id) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.widgets.list() }),
  });
}
