import { useMutation, useQueryClient } from '@tanstack/react-query';
import { updateRoutingSettings, type RoutingSettings } from '../api/routing';
import { queryKeys } from '../api/query-keys';

/**
 * Saves part of the routing settings. Switches and selects show the new value at once and roll
 * back if the save fails (the caller shows why); prompts wait for the server's answer.
 */
export function useUpdateRoutingSettings() {
  const queryClient = useQueryClient();
  const key = queryKeys.routing.settings();
  return useMutation({
    mutationFn: updateRoutingSettings,
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<RoutingSettings>(key);
      // Prompts are long texts saved deliberately: they change when the server says so.
      const instant: Partial<RoutingSettings> = {
        ...(change.routingEnabled !== undefined && { routingEnabled: change.routingEnabled }),
        ...(change.plannerModel !== undefined && { plannerModel: change.plannerModel }),
        ...(change.sorterModel !== undefined && { sorterModel: change.sorterModel }),
        ...(change.maxParallel !== undefined && { maxParallel: change.maxParallel }),
        ...(change.nodeTimeoutS !== undefined && { nodeTimeoutS: change.nodeTimeoutS }),
      };
      if (previous) queryClient.setQueryData<RoutingSettings>(key, { ...previous, ...instant });
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (settings) => queryClient.setQueryData(key, settings),
  });
}
