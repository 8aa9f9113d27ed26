import { useQuery } from '@tanstack/react-query';
import { fetchModelSettings } from '../api/models';
import { queryKeys } from '../api/query-keys';

export function useModelSettings() {
  return useQuery({
    queryKey: queryKeys.models.settings(),
    queryFn: ({ signal }) => fetchModelSettings(signal),
  });
}
