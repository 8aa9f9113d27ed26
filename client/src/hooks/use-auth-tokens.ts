import { useSyncExternalStore } from 'react';
import { getTokens, subscribeTokens, type AuthTokens } from '../api/auth-storage';

/** The current session's tokens, or null when logged out; re-renders when they change. */
export function useAuthTokens(): AuthTokens | null {
  return useSyncExternalStore(subscribeTokens, getTokens);
}
