import { useEffect, useRef } from 'react';
import { followChannel, type ChannelHandlers } from '../api/realtime';

/**
 * Follows a realtime channel while mounted (null: none) on the tab's shared socket. The handlers
 * may change every render; the subscription only changes with the channel.
 */
export function useChannel(channel: string | null, handlers: ChannelHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    if (!channel) return;
    return followChannel(channel, {
      onPublication: (publication) => ref.current.onPublication(publication),
      onResync: () => ref.current.onResync(),
      onRefused: (error) => ref.current.onRefused?.(error),
    });
  }, [channel]);
}
