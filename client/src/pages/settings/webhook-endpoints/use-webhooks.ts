import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  createWebhookEndpoint,
  DELIVERIES_PAGE_SIZE,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTest,
  updateWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointFields,
} from './webhooks-api';

/** While a delivery is still being attempted, the log is asked again this often. */
const PENDING_POLL_MS = 3_000;

/** The signed-in user's webhook endpoints, newest first. */
export function useWebhookEndpoints() {
  return useQuery({ queryKey: queryKeys.webhooks.endpoints(), queryFn: ({ signal }) => listWebhookEndpoints(signal) });
}

/** Puts a saved endpoint into the list at once (first if it is new), without its secret: the cache outlives the screen. */
function showSaved(queryClient: QueryClient, { secret: _secret, ...endpoint }: WebhookEndpoint & { secret?: string }): Promise<void> {
  queryClient.setQueryData<WebhookEndpoint[]>(queryKeys.webhooks.endpoints(), (endpoints) =>
    endpoints?.some((each) => each.id === endpoint.id) ? endpoints.map((each) => (each.id === endpoint.id ? endpoint : each)) : [endpoint, ...(endpoints ?? [])],
  );
  return queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.endpoints() });
}

export type SaveWebhookEndpointInput = ({ id?: undefined } & WebhookEndpointFields) | ({ id: string } & Partial<WebhookEndpointFields>);

/** Creates an endpoint (no id: the result carries its secret) or changes one. */
export function useSaveWebhookEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveWebhookEndpointInput): Promise<WebhookEndpoint & { secret?: string }> =>
      input.id === undefined ? createWebhookEndpoint(input) : updateWebhookEndpoint(input),
    // A creation's result holds the secret: keep it no longer than the screen that shows it.
    gcTime: 0,
    onSuccess: (saved) => showSaved(queryClient, saved),
  });
}

export function useRotateWebhookSecret() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: rotateWebhookSecret, gcTime: 0, onSuccess: (saved) => showSaved(queryClient, saved) });
}

/** Deletes an endpoint with its delivery log. */
export function useDeleteWebhookEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWebhookEndpoint,
    onSuccess: (_, id) => {
      queryClient.setQueryData<WebhookEndpoint[]>(queryKeys.webhooks.endpoints(), (endpoints) => endpoints?.filter((endpoint) => endpoint.id !== id));
      queryClient.removeQueries({ queryKey: queryKeys.webhooks.deliveries(id) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.endpoints() }),
  });
}

/** The endpoint's delivery log, newest first, a page at a time; followed while something is pending. */
export function useWebhookDeliveries(endpointId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.webhooks.deliveries(endpointId),
    queryFn: ({ pageParam, signal }) => listWebhookDeliveries(endpointId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => (lastPage.length < DELIVERIES_PAGE_SIZE ? undefined : lastPage.at(-1)?.createdAt),
    select: (data) => data.pages.flat(),
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.some((delivery) => delivery.status === 'pending')) ? PENDING_POLL_MS : false),
  });
}

/** Queues something new for the log (a test ping, a resend) and shows it there. */
function useQueueDelivery<T>(send: (input: T) => Promise<WebhookDelivery>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (delivery) => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.deliveries(delivery.endpointId) }),
  });
}

export function useSendWebhookTest() {
  return useQueueDelivery(sendWebhookTest);
}

export function useResendWebhookDelivery() {
  return useQueueDelivery(resendWebhookDelivery);
}
