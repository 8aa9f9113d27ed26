import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { RealtimeChannel, RealtimeSubject } from './realtime.types';

/**
 * Longer than any valid name (the longest, a session channel, has 121 characters): longer input is
 * refused before any pattern looks at it.
 */
const MAX_CHANNEL_NAME_LENGTH = 200;

// Each pattern matches one whole part of a name and has no nested or overlapping quantifiers, so
// matching is linear in the (already bounded) length.
/** Widget and user ids: UUIDs in lowercase canonical form, the only form the database hands out. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A widget visitor's session id, minted by the widget script in the browser. */
export const WIDGET_SESSION_ID = /^sess_[A-Za-z0-9_-]{24,64}$/;
const SYSTEM_TOPIC = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The one way from a channel name to a channel: `widget:session.<wid>.<sid>`,
 * `widget:operators.<wid>`, `widgettyping:<wid>.<sid>`, `user:<userId>` or `system:<topic>`.
 * Anything else (another type, an unknown namespace, a malformed or non-canonical id, surrounding
 * whitespace) is `undefined`, so a parsed channel's `name` is always the canonical string.
 */
export function parseChannel(name: unknown): RealtimeChannel | undefined {
  if (typeof name !== 'string' || name.length > MAX_CHANNEL_NAME_LENGTH) return undefined;
  const colon = name.indexOf(':');
  if (colon < 0) return undefined;
  const rest = name.slice(colon + 1);
  switch (name.slice(0, colon)) {
    case 'widget':
      return parseWidgetChannel(name, rest.split('.'));
    case 'widgettyping': {
      const session = parseWidgetSession(rest.split('.'));
      return session ? { namespace: 'widgettyping', ...session, name } : undefined;
    }
    case 'user':
      return UUID.test(rest) ? { namespace: 'user', userId: rest, name } : undefined;
    case 'system':
      return SYSTEM_TOPIC.test(rest) ? { namespace: 'system', topic: rest, name } : undefined;
    default:
      return undefined;
  }
}

/** `parseChannel` for a name that must be a channel (from a request, a frame or a caller): CHANNEL_INVALID otherwise. */
export function requireChannel(name: unknown): RealtimeChannel {
  const channel = parseChannel(name);
  if (!channel) throw new AppException(ErrorCode.ChannelInvalid, 'channel is not a realtime channel name');
  return channel;
}

/** `session.<wid>.<sid>` or `operators.<wid>`, already split at the dots. */
function parseWidgetChannel(name: string, [kind, ...ids]: string[]): RealtimeChannel | undefined {
  if (kind === 'operators') {
    const [widgetId] = ids;
    return ids.length === 1 && UUID.test(widgetId) ? { namespace: 'widget', kind: 'operators', widgetId, name } : undefined;
  }
  const session = kind === 'session' ? parseWidgetSession(ids) : undefined;
  return session ? { namespace: 'widget', kind: 'session', ...session, name } : undefined;
}

/** `<wid>.<sid>`, already split at the dot. */
function parseWidgetSession(ids: string[]): { widgetId: string; sessionId: string } | undefined {
  if (ids.length !== 2) return undefined;
  const [widgetId, sessionId] = ids;
  return UUID.test(widgetId) && WIDGET_SESSION_ID.test(sessionId) ? { widgetId, sessionId } : undefined;
}

/** The `sub` claim of realtime tokens: `user:<userId>` or `visitor:<widgetId>.<sessionId>`. */
export function subjectId(subject: RealtimeSubject): string {
  return subject.kind === 'user' ? `user:${subject.userId}` : `visitor:${subject.widgetId}.${subject.sessionId}`;
}

/** The inverse of `subjectId`, for `sub` claims: `undefined` for anything `subjectId` cannot produce. */
export function subjectOf(sub: string): RealtimeSubject | undefined {
  if (sub.startsWith('user:')) {
    const userId = sub.slice('user:'.length);
    return UUID.test(userId) ? { kind: 'user', userId } : undefined;
  }
  if (sub.startsWith('visitor:')) {
    const session = parseWidgetSession(sub.slice('visitor:'.length).split('.'));
    return session ? { kind: 'visitor', ...session } : undefined;
  }
  return undefined;
}
