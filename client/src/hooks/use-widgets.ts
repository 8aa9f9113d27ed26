import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { listWidgets } from '../api/widgets';

/** The signed-in user's widgets, newest first. */
export function useWidgets() {
  return useQuery({
    queryKey: queryKeys.widgets.list(),
    queryFn: ({ signal }) => listWidgets(signal),
  });
}
