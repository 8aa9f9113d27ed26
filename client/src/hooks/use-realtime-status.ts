import { useSyncExternalStore } from 'react';
import { getRealtimeStatus, subscribeRealtimeStatus, type RealtimeStatus } from '../api/realtime';

/** The state of this tab's realtime socket (connecting, live, reconnecting …), for a badge. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(subscribeRealtimeStatus, getRealtimeStatus);
}
