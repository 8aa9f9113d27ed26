import { useQuery } from '@tanstack/react-query';
import { fetchRoutingSettings } from '../api/routing';
import { queryKeys } from '../api/query-keys';

export function useRoutingSettings(enabled = true) {
  return useQuery({
    queryKey: queryKeys.routing.settings(),
    queryFn: ({ signal }) => fetchRoutingSettings(signal),
    enabled,
  });
}
