import { useEffect, useRef } from 'react';
import { followChannel, type Publication } from '../api/realtime';

export interface ChannelsHandlers {
  onPublication: (publication: Publication) => void;
  /** Publications of `channel` may have been missed: reload what it keeps current. */
  onResync: (channel: string) => void;
  onRefused?: (channel: string, error: { code: string; message: string }) => void;
}

/**
 * Follows several realtime channels while mounted, on the tab's shared socket; channels added to
 * or removed from the list are followed or left without touching the others. The handlers may
 * change every render.
 */
export function useChannels(channels: readonly string[], handlers: ChannelsHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const key = [...new Set(channels)].sort().join('\n');

  useEffect(() => {
    if (!key) return;
    const leaves = key.split('\n').map((channel) =>
      followChannel(channel, {
        onPublication: (publication) => ref.current.onPublication(publication),
        onResync: () => ref.current.onResync(channel),
        onRefused: (error) => ref.current.onRefused?.(channel, error),
      }),
    );
    // Leaving is deferred a moment by followChannel, so channels still listed stay subscribed.
    return () => leaves.forEach((leave) => leave());
  }, [key]);
}
