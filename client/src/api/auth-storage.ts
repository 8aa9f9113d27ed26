export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
}

const STORAGE_KEY = 'switchboard.auth';
const listeners = new Set<() => void>();
let current = readStoredTokens();

function readStoredTokens(): AuthTokens | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as AuthTokens).accessToken === 'string' &&
      typeof (parsed as AuthTokens).refreshToken === 'string'
    ) {
      const { accessToken, refreshToken } = parsed as AuthTokens;
      return { accessToken, refreshToken };
    }
  } catch {
    // A corrupt entry is the same as being logged out.
  }
  return null;
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function getTokens(): AuthTokens | null {
  return current;
}

export function setTokens(tokens: AuthTokens | null): void {
  current = tokens;
  if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  else localStorage.removeItem(STORAGE_KEY);
  notify();
}

export function subscribeTokens(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Logging in, out or rotating the refresh token in another tab applies here too, so two tabs
// never try to use the same (already rotated) refresh token.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  current = readStoredTokens();
  notify();
});
