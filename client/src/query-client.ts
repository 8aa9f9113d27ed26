import { QueryClient } from '@tanstack/react-query';
import { getTokens, subscribeTokens } from './api/auth-storage';
import { ApiError } from './api/http';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will answer the same way again; network errors and 5xx are worth a second try.
      retry: (failureCount, error) =>
        failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// Whatever ends the session (Log out, a refused refresh, another tab), the next user must not
// see this one's cached data.
subscribeTokens(() => {
  if (!getTokens()) queryClient.clear();
});
