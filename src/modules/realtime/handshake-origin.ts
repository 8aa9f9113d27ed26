import { originOf } from '../../common/http/request-origin';

/**
 * Whether a socket handshake from a page of `pageOrigin` may connect. Browsers always send
 * `Origin` on a WebSocket handshake, so this is what stops other sites' pages from opening sockets
 * with a token they got hold of:
 *
 * - the app's own origins (REALTIME_ALLOWED_ORIGINS; `*`, refused in production by the config,
 *   admits all) may connect with any token;
 * - a widget visitor's page is on the widget owner's site: its token was minted for that origin
 *   (`tokenOrigin`) after the widget's allowed domains were checked, and only that origin may use it;
 * - a handshake without `Origin` is not a browser (a server integration, a mobile app, a test) and
 *   is let through: such a client can send any `Origin` it likes, so refusing the header's absence
 *   would protect nothing. The connection token is what authenticates every client.
 */
export function mayConnectFrom(pageOrigin: string | undefined, allowedOrigins: readonly string[], tokenOrigin?: string): boolean {
  if (pageOrigin === undefined) return true;
  if (allowedOrigins.includes('*')) return true;
  const origin = originOf(pageOrigin);
  if (origin === undefined) return false;
  return origin === tokenOrigin || allowedOrigins.some((allowed) => originOf(allowed) === origin);
}
