import type { AnswerView } from './answer';
import { citationsOf, type Citation } from './citations';
import type { MessageStatus, WidgetMessage } from './contract';

/**
 * One row of the conversation. Server messages carry their id; a visitor message has none until
 * the server accepts it, and a notice (an error said in words) never has one.
 */
export interface ChatItem {
  /** Stable for the row's life (its DOM element): the server id, or `local:<n>`. */
  key: string;
  id: string | null;
  role: WidgetMessage['role'] | 'notice';
  text: string;
  createdAt: string;
  status?: MessageStatus;
  trackId?: string;
  operatorName?: string;
  /** Visitor messages the server has not accepted yet, or refused. */
  delivery?: 'sending' | 'failed';
  /** An AI answer followed live over SSE. */
  answer?: AnswerView;
  /** A stored AI answer's sources (a followed one has them in `answer`). */
  citations?: Citation[];
  /** The files a visitor message of this page carries: the names to show, the ids a retry sends again. */
  attachments?: Array<{ id: string; name: string }>;
}

const FINAL: ReadonlySet<MessageStatus> = new Set(['complete', 'stopped', 'failed']);

export function isFinalStatus(status: MessageStatus | undefined): boolean {
  return status === undefined || FINAL.has(status);
}

/**
 * Whether an AI message may go from one status to another: forward only (pending → streaming →
 * complete | stopped | failed). A late or replayed publication must never reopen a finished answer.
 */
export function canMove(from: MessageStatus | undefined, to: MessageStatus | undefined): boolean {
  if (from === to) return true;
  if (from === undefined || to === undefined) return from === undefined;
  if (FINAL.has(from)) return false;
  if (from === 'streaming') return FINAL.has(to);
  return true;
}

export function itemOf(message: WidgetMessage): ChatItem {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    text: message.text,
    createdAt: message.createdAt,
    ...(message.status ? { status: message.status } : {}),
    ...(message.trackId ? { trackId: message.trackId } : {}),
    ...(message.operatorName ? { operatorName: message.operatorName } : {}),
    ...citationsField(message),
    ...attachmentsField(message),
  };
}

/** The files a visitor message carries, as far as they are well-formed. */
function attachmentsField(message: WidgetMessage): { attachments?: Array<{ id: string; name: string }> } {
  const files = Array.isArray(message.files) ? message.files.filter((file) => typeof file?.id === 'string' && typeof file.name === 'string') : [];
  return files.length > 0 ? { attachments: files.map(({ id, name }) => ({ id, name })) } : {};
}

function citationsField(message: WidgetMessage): { citations?: Citation[] } {
  const citations = citationsOf(message.citations);
  return citations.length > 0 ? { citations } : {};
}

export function messageOf(item: ChatItem): WidgetMessage | null {
  if (!item.id || item.role === 'notice') return null;
  return {
    id: item.id,
    role: item.role,
    text: item.text,
    createdAt: item.createdAt,
    ...(item.status ? { status: item.status } : {}),
    ...(item.trackId ? { trackId: item.trackId } : {}),
    ...(item.operatorName ? { operatorName: item.operatorName } : {}),
  };
}

const SAME_KEYS = ['id', 'role', 'text', 'createdAt', 'status', 'trackId', 'operatorName', 'delivery', 'citations', 'attachments'] as const;

function merged(existing: ChatItem, incoming: WidgetMessage): ChatItem {
  if (!canMove(existing.status, incoming.status)) return existing;
  const next: ChatItem = { ...existing, id: incoming.id, role: incoming.role, createdAt: incoming.createdAt };
  delete next.delivery;
  if (incoming.operatorName) next.operatorName = incoming.operatorName;
  if (incoming.trackId) next.trackId = incoming.trackId;
  if (incoming.status) next.status = incoming.status;
  // While an answer is followed live its text is ahead of a stored copy; a finished one is the truth.
  const live = existing.answer !== undefined && !isFinalStatus(incoming.status);
  if (!live && (incoming.text || isFinalStatus(incoming.status))) next.text = incoming.text || existing.text;
  const { citations } = citationsField(incoming);
  // Compared by content: every reload brings new arrays of the same sources.
  if (citations && JSON.stringify(citations) !== JSON.stringify(existing.citations)) next.citations = citations;
  const { attachments } = attachmentsField(incoming);
  if (attachments && JSON.stringify(attachments) !== JSON.stringify(existing.attachments)) next.attachments = attachments;
  // Unchanged rows keep their identity, so the view leaves them alone.
  return SAME_KEYS.every((key) => next[key] === existing[key]) ? existing : next;
}

/**
 * Where a message created at `createdAt` belongs: before the first row that is newer, and before
 * any visitor message the server has not accepted yet (those stay last).
 */
function insertionIndex(items: readonly ChatItem[], createdAt: string): number {
  const at = Date.parse(createdAt);
  const index = items.findIndex((item) => item.delivery !== undefined || (!Number.isNaN(at) && Date.parse(item.createdAt) > at));
  return index === -1 ? items.length : index;
}

/**
 * The conversation with one server message added or updated: the same id is the same row (a
 * publication, a reload and an SSE answer may all bring it), and a visitor message still being
 * sent with the same text is taken to be this one. A new row goes where its time puts it, or, for
 * a `live` arrival (a publication, an answer to a send), at the end: live events come in order,
 * and the visitor's clock need not agree with the server's.
 */
export function upsertMessage(items: readonly ChatItem[], incoming: WidgetMessage, options: { live?: boolean } = {}): ChatItem[] {
  const index = items.findIndex((item) => item.id === incoming.id);
  if (index !== -1) {
    const next = merged(items[index], incoming);
    if (next === items[index]) return items as ChatItem[];
    const copy = [...items];
    copy[index] = next;
    return copy;
  }
  if (incoming.role === 'visitor') {
    const local = items.findIndex((item) => item.id === null && item.role === 'visitor' && item.delivery === 'sending' && item.text === incoming.text);
    if (local !== -1) {
      const copy = [...items];
      copy[local] = merged(items[local], incoming);
      return copy;
    }
  }
  const copy = [...items];
  copy.splice(options.live ? items.length : insertionIndex(items, incoming.createdAt), 0, itemOf(incoming));
  return copy;
}

/** A reloaded transcript merged into what is shown: nothing is lost, nothing is doubled. */
export function mergeTranscript(items: readonly ChatItem[], messages: readonly WidgetMessage[]): ChatItem[] {
  let next = items as ChatItem[];
  for (const message of messages) next = upsertMessage(next, message);
  return next;
}

/**
 * The server accepted a visitor message sent from here and named it: the row gets the id, or goes
 * when a publication already brought the same message as its own row.
 */
export function acceptLocal(items: readonly ChatItem[], key: string, id: string, createdAt?: string): ChatItem[] {
  const local = items.find((item) => item.key === key);
  if (!local) return items as ChatItem[];
  if (local.id === id) return items as ChatItem[];
  if (items.some((item) => item.id === id)) return items.filter((item) => item.key !== key);
  if (local.id !== null) {
    // The row was taken for another tab's message with the same text: that one keeps it, ours follows it.
    const copy = [...items];
    copy.splice(copy.indexOf(local) + 1, 0, { key: id, id, role: 'visitor', text: local.text, createdAt: createdAt ?? local.createdAt });
    return copy;
  }
  return items.map((item) => {
    if (item.key !== key) return item;
    const next: ChatItem = { ...item, id, createdAt: createdAt ?? item.createdAt };
    delete next.delivery;
    return next;
  });
}

/**
 * The answer to re-attach to after a reload: the last AI message, when it is still being written
 * and has a track. (A session has one generation slot, so no earlier one can still be live.)
 */
export function answerToResume(items: readonly ChatItem[]): ChatItem | null {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item.role !== 'ai') continue;
    return item.trackId && (item.status === 'pending' || item.status === 'streaming') ? item : null;
  }
  return null;
}
