import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { createWidget, updateWidget, type Widget, type WidgetFields } from '../api/widgets';

export type SaveWidgetInput = { id?: undefined } & WidgetFields | ({ id: string } & Partial<WidgetFields>);

/** Creates a widget (no id) or changes one; the list shows the saved widget at once. */
export function useSaveWidget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveWidgetInput): Promise<Widget> => (input.id === undefined ? createWidget(input) : updateWidget(input)),
    onSuccess: (saved) => {
      queryClient.setQueryData<Widget[]>(queryKeys.widgets.list(), (widgets) =>
        widgets?.some((widget) => widget.id === saved.id) ? widgets.map((widget) => (widget.id === saved.id ? saved : widget)) : [saved, ...(widgets ?? [])],
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.widgets.list() });
    },
  });
}
