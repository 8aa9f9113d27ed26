/** How long, how much and how often a provider call may take (the same for every provider). */
export interface SearchLimits {
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  backoffMs: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, retries: 2, backoffMs: 300 };
