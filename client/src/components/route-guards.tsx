import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuthTokens } from '../hooks/use-auth-tokens';
import { useUserChannel } from '../hooks/use-user-channel';

interface FromState {
  from?: unknown;
}

/**
 * Protected pages: send a logged-out visitor to /login, remembering where they were going. It wraps
 * every signed-in page and stays mounted between them, so the user's realtime channel is followed
 * here, once (each page renders its own AppShell, which would reconnect on every navigation).
 */
export function RequireAuth() {
  const tokens = useAuthTokens();
  useUserChannel();
  const location = useLocation();
  if (tokens) return <Outlet />;
  const from = `${location.pathname}${location.search}${location.hash}`;
  return <Navigate to="/login" replace state={{ from } satisfies FromState} />;
}

/** Log in / register: once there is a session, continue to where the visitor was going. */
export function GuestOnly() {
  const tokens = useAuthTokens();
  const location = useLocation();
  if (!tokens) return <Outlet />;
  return <Navigate to={returnPath(location.state)} replace />;
}

function returnPath(state: unknown): string {
  const from = (state as FromState | null)?.from;
  // Only same-site paths: "//evil.example" would leave the app.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/chat';
}
