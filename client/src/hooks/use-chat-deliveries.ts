import { useQuery } from '@tanstack/react-query';
import { listDeliveries, type Delivery } from '../api/chats';
import { queryKeys } from '../api/query-keys';
import { hasQueued } from '../lib/channel-conversations';

/** While a message is still queued, its status is asked for this often (realtime notices may be missed). */
const QUEUED_POLL_MS = 5_000;

// Stable, so the map is only rebuilt when the deliveries change.
function byMessageId(deliveries: Delivery[]): Map<string, Delivery> {
  return new Map(deliveries.map((delivery) => [delivery.messageId, delivery]));
}

/**
 * How each message sent on a WhatsApp or e-mail chat stands, by message id (undefined: not such a
 * chat). The user channel refetches it when a delivery moves on (`message.delivery`).
 */
export function useChatDeliveries(chatId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.chats.deliveries(chatId ?? ''),
    queryFn: ({ signal }) => listDeliveries(chatId ?? '', signal),
    enabled: chatId !== undefined,
    select: byMessageId,
    refetchInterval: (query) => (hasQueued(query.state.data) ? QUEUED_POLL_MS : false),
    staleTime: 0,
  });
}
