import { useMutation } from '@tanstack/react-query';
import { logout } from '../api/auth';
import { getTokens, setTokens } from '../api/auth-storage';

export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      const tokens = getTokens();
      if (tokens) await logout(tokens.refreshToken);
    },
    // Leaving must work even when the server can't be told (offline, token already revoked).
    onSettled: () => setTokens(null),
  });
}
