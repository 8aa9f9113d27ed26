import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { AuthSession } from '../api/auth';
import { setTokens } from '../api/auth-storage';
import { queryKeys } from '../api/query-keys';

/** Stores a fresh session; the user arrives with it, so the first screen needs no /auth/me call. */
export function useStartSession(): (session: AuthSession) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (session: AuthSession) => {
      queryClient.setQueryData(queryKeys.auth.me(), session.user);
      setTokens({ accessToken: session.accessToken, refreshToken: session.refreshToken });
    },
    [queryClient],
  );
}
