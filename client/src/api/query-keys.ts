/** Every query key of the app, so invalidations and cache patches can't drift from the queries. */
export const queryKeys = {
  auth: {
    me: () => ['auth', 'me'] as const,
  },
  apiKeys: {
    list: () => ['apiKeys', 'list'] as const,
  },
};
