import type { SessionMode, SessionTranscript, WidgetMessage, WidgetSession } from '../../api/widgets';

/** The list filters, with counts: who is answering each session. */
export type SessionFilter = 'waiting' | 'human' | 'ai' | 'all';

export const FILTERS: ReadonlyArray<{ value: SessionFilter; label: string }> = [
  { value: 'waiting', label: 'Waiting' },
  { value: 'human', label: 'Human' },
  { value: 'ai', label: 'AI' },
  { value: 'all', label: 'All' },
];

export const MODE_LABEL: Record<SessionMode, string> = { ai: 'AI', waiting: 'Waiting', human: 'Human' };

/** Most recent activity first, as the server lists them. */
function byActivity(a: WidgetSession, b: WidgetSession): number {
  return b.lastMessageAt.localeCompare(a.lastMessageAt) || a.id.localeCompare(b.id);
}

/** The list with `session` in it (replacing the row of the same id), re-sorted by activity. */
export function upsertSession(sessions: readonly WidgetSession[], session: WidgetSession): WidgetSession[] {
  const rest = sessions.filter((existing) => existing.id !== session.id);
  return [...rest, session].sort(byActivity);
}

/** The list with one row changed; the same list when the row is not there. */
export function patchSession(sessions: readonly WidgetSession[], sessionId: string, change: Partial<WidgetSession>): readonly WidgetSession[] {
  if (!sessions.some((session) => session.id === sessionId)) return sessions;
  return sessions.map((session) => (session.id === sessionId ? { ...session, ...change } : session));
}

/** Several widgets' lists as one, most recent activity first. */
export function mergeSessions(lists: ReadonlyArray<readonly WidgetSession[] | undefined>): WidgetSession[] {
  return lists.flatMap((list) => list ?? []).sort(byActivity);
}

export function countByFilter(sessions: readonly WidgetSession[]): Record<SessionFilter, number> {
  const counts: Record<SessionFilter, number> = { waiting: 0, human: 0, ai: 0, all: sessions.length };
  for (const session of sessions) counts[session.mode]++;
  return counts;
}

export function filterSessions(sessions: readonly WidgetSession[], filter: SessionFilter): WidgetSession[] {
  return filter === 'all' ? [...sessions] : sessions.filter((session) => session.mode === filter);
}

/** Sessions that want an operator: unread visitor messages, or a visitor waiting for a person. */
export function needsAttention(session: WidgetSession): boolean {
  return session.unread > 0 || session.mode === 'waiting';
}

/** "3", or "9+" past nine. */
export function unreadLabel(unread: number): string {
  return unread > 9 ? '9+' : String(unread);
}

/**
 * The page as a person reads it: host and path, without scheme, query or a trailing slash
 * ("shop.example.com/cart"); null when there is none or it is not a URL.
 */
export function pageLabel(pageUrl: string | null): string | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    let path = url.pathname;
    while (path.endsWith('/')) path = path.slice(0, -1);
    return `${url.host}${path}`;
  } catch {
    return null;
  }
}

/** A few characters of the session id, to tell two visitors on the same page apart. */
export function shortId(sessionId: string): string {
  return sessionId.slice(-4);
}

/** "Visitor · shop.example.com/cart", never the raw session id. */
export function visitorLabel(session: Pick<WidgetSession, 'pageUrl'>): string {
  const page = pageLabel(session.pageUrl);
  return page ? `Visitor · ${page}` : 'Visitor';
}

/** The transcript with `message` in it: replaced where its id already is, else added in time order. */
export function upsertMessage(messages: readonly WidgetMessage[], message: WidgetMessage): WidgetMessage[] {
  const index = messages.findIndex((existing) => existing.id === message.id);
  if (index !== -1) {
    const next = [...messages];
    // A late copy of a message must not undo what its stream already showed (the final text).
    next[index] = { ...messages[index], ...message };
    return next;
  }
  const next = [...messages, message];
  // Nearly always already last; a publication recovered late goes where its time puts it.
  let position = next.length - 1;
  while (position > 0 && next[position - 1].createdAt > message.createdAt) {
    next[position] = next[position - 1];
    position--;
  }
  next[position] = message;
  return next;
}

/** `upsertMessage` on a cached transcript (undefined stays undefined: nothing to patch yet). */
export function withMessage(transcript: SessionTranscript | undefined, message: WidgetMessage): SessionTranscript | undefined {
  return transcript && { ...transcript, messages: upsertMessage(transcript.messages, message) };
}

/** Whether the AI is still writing this message (follow its `trackId`). */
export function isWriting(message: WidgetMessage): boolean {
  return message.role === 'ai' && (message.status === 'pending' || message.status === 'streaming');
}

/** The tab title: "(3) Live support" while sessions want attention. */
export function titleWithCount(count: number, title = 'Live support'): string {
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${title}` : title;
}
