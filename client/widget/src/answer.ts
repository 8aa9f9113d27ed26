/**
 * One AI answer as its SSE events describe it (docs/api.md "Streaming an answer"): the text, a
 * compact card per plan step, the files steps made, the sources it cites. Pure, so resuming and
 * replaying are testable.
 */
import type { MessageStatus, TaskState } from '../../../src/contracts/chat';
import type { FileLink } from '../../../src/contracts/files';
import { citationsOf, type Citation } from './citations';

export interface TaskCard {
  nodeId: string;
  capability: string;
  state: TaskState;
  percent: number | null;
}

export type AnswerStatus = MessageStatus;

export interface AnswerView {
  trackId: string | null;
  messageId: string | null;
  status: AnswerStatus;
  text: string;
  replyNode: string | null;
  cards: TaskCard[];
  files: FileLink[];
  /** Numbered as the text's `[n]` marks: from `sources` as they come, then `complete.citations`. */
  citations: Citation[];
  error: { code: string; message: string } | null;
  /** The id of the last event applied: what a resume sends as `Last-Event-ID`. */
  lastEventId: string | null;
}

export function newAnswer(init: Partial<Pick<AnswerView, 'trackId' | 'messageId' | 'text' | 'cards' | 'replyNode' | 'lastEventId'>> = {}): AnswerView {
  return {
    trackId: init.trackId ?? null,
    messageId: init.messageId ?? null,
    status: 'pending',
    text: init.text ?? '',
    replyNode: init.replyNode ?? null,
    cards: init.cards ?? [],
    files: [],
    citations: [],
    error: null,
    lastEventId: init.lastEventId ?? null,
  };
}

const TERMINAL: ReadonlySet<AnswerStatus> = new Set(['complete', 'stopped', 'failed']);
const TASK_STATES: ReadonlySet<string> = new Set(['pending', 'running', 'done', 'failed', 'skipped']);

export function isFinished(status: AnswerStatus): boolean {
  return TERMINAL.has(status);
}

type Data = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function fileOf(value: unknown): FileLink | null {
  if (typeof value !== 'object' || value === null) return null;
  const file = value as Data;
  const id = str(file.id);
  const url = str(file.url);
  if (!id || !url) return null;
  return { id, url, name: str(file.name) ?? 'file', mime: str(file.mime) ?? '' };
}

function withCard(view: AnswerView, nodeId: string, change: (card: TaskCard) => TaskCard, capability?: string): AnswerView {
  const index = view.cards.findIndex((card) => card.nodeId === nodeId);
  const cards = [...view.cards];
  if (index === -1) cards.push(change({ nodeId, capability: capability ?? '', state: 'pending', percent: null }));
  else cards[index] = change(cards[index]);
  return { ...view, cards };
}

/**
 * The answer after one more event. Unknown events and malformed payloads change nothing but the
 * resume point; events after the final one are ignored (a resumed stream repeats the final event).
 */
export function applyAnswerEvent(view: AnswerView, name: string, payload: unknown, id: string | null): AnswerView {
  if (isFinished(view.status)) return view;
  const data: Data = typeof payload === 'object' && payload !== null ? (payload as Data) : {};
  const next: AnswerView = { ...view, lastEventId: id ?? view.lastEventId };
  if (next.status === 'pending' && name !== 'complete' && name !== 'error') next.status = 'streaming';
  switch (name) {
    case 'started':
      return { ...next, trackId: str(data.trackId) ?? next.trackId, messageId: str(data.messageId) ?? next.messageId };
    case 'plan': {
      const nodes = Array.isArray(data.nodes) ? (data.nodes as Data[]) : [];
      const cards: TaskCard[] = nodes
        .filter((node) => typeof node === 'object' && node !== null && typeof node.nodeId === 'string')
        .map((node) => ({ nodeId: node.nodeId as string, capability: str(node.capability) ?? '', state: 'pending', percent: null }));
      return { ...next, cards, replyNode: str(data.replyNode) };
    }
    case 'task_update': {
      const nodeId = str(data.nodeId);
      const state = str(data.state);
      if (!nodeId || !state || !TASK_STATES.has(state)) return next;
      const capability = str(data.capability) ?? undefined;
      return withCard(next, nodeId, (card) => ({ ...card, capability: capability ?? card.capability, state: state as TaskState }), capability);
    }
    case 'task_progress': {
      const nodeId = str(data.nodeId);
      if (!nodeId || typeof data.percent !== 'number') return next;
      const percent = Math.max(0, Math.min(100, Math.round(data.percent)));
      return withCard(next, nodeId, (card) => ({ ...card, percent }));
    }
    case 'task_file': {
      const file = fileOf(data.file);
      if (!file || next.files.some((known) => known.id === file.id)) return next;
      return { ...next, files: [...next.files, file] };
    }
    case 'plan_discarded':
      // A plain answer follows; the failed steps' cards would only say what did not work.
      return { ...next, cards: [], replyNode: null };
    case 'sources': {
      // Each event lists all the answer's sources so far.
      const citations = citationsOf(data.results);
      return citations.length > 0 ? { ...next, citations } : next;
    }
    case 'chunk': {
      const text = str(data.text);
      return text ? { ...next, text: next.text + text } : next;
    }
    case 'reset':
      // A worker died and another starts the answer again: all that was shown of it goes.
      return { ...next, text: '', cards: [], replyNode: null, files: [], citations: [] };
    case 'complete': {
      const files = Array.isArray(data.files) ? data.files.map(fileOf).filter((file): file is FileLink => file !== null) : [];
      const known = new Set(next.files.map((file) => file.id));
      const citations = citationsOf(data.citations);
      return {
        ...next,
        status: data.status === 'stopped' ? 'stopped' : 'complete',
        messageId: str(data.messageId) ?? next.messageId,
        files: [...next.files, ...files.filter((file) => !known.has(file.id))],
        citations: citations.length > 0 ? citations : next.citations,
      };
    }
    case 'error': {
      const code = str(data.code) ?? 'INTERNAL';
      return { ...next, status: 'failed', error: { code, message: str(data.message) ?? '' } };
    }
    default:
      // classified, task_chunk (a step's own text: the card says enough), thinking.
      return next;
  }
}
