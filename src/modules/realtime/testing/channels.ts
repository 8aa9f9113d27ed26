import { parseChannel } from '../channels';
import type { RealtimeChannel } from '../realtime.types';

/** The channel `name` names, for specs: throws at once when a spec wrote a name that does not parse. */
export function channel(name: string): RealtimeChannel {
  const parsed = parseChannel(name);
  if (!parsed) throw new Error(`test channel ${name} does not parse`);
  return parsed;
}
