import type { Principal } from '../auth/principal';
import type { Channel } from './chat.entity';

/**
 * The channel of a conversation started through the HTTP API: by an API key it is `api`, by a
 * logged-in session the web app. (Widget, WhatsApp and email conversations have entry points of
 * their own.)
 */
export function channelOf(principal: Principal): Channel {
  return principal.kind === 'api_key' ? 'api' : 'web';
}
